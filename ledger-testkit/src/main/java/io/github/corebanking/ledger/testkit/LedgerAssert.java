package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.TrialBalance;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a whole {@link Ledger}; get one from {@link LedgerAssertions#assertThat(Ledger)}.
 *
 * <pre>{@code
 * assertThat(ledger).isBalanced();
 * assertThat(ledger).account(cash.id()).hasPosted(Money.of("100.00", USD));
 * }</pre>
 */
public final class LedgerAssert extends AbstractAssert<LedgerAssert, Ledger> {

  /**
   * Creates the assertion; use {@link LedgerAssertions#assertThat(Ledger)}.
   *
   * @param actual the ledger
   */
  LedgerAssert(Ledger actual) {
    super(actual, LedgerAssert.class);
  }

  /**
   * Checks that the books balance: the trial balance now has equal debit and credit columns in
   * every currency, and the integrity check finds nothing wrong. The failure message lists the
   * per-currency totals and every offending id.
   *
   * @return this assertion
   */
  public LedgerAssert isBalanced() {
    isNotNull();
    TrialBalance trialBalance = actual.trialBalance();
    IntegrityReport report = actual.checkIntegrity();
    if (trialBalance.balanced() && report.ok()) {
      return this;
    }
    StringBuilder message = new StringBuilder("Expecting the ledger to be balanced, but it is not.\n");
    message.append("Trial balance at ").append(trialBalance.asOf()).append(":\n");
    for (TrialBalance.CurrencyTotal total : trialBalance.totals()) {
      message.append("  ").append(total.currency().code()).append(": debits ").append(total.debits().toPlainString())
          .append(", credits ").append(total.credits().toPlainString())
          .append(total.balanced() ? "" : "  <-- unbalanced").append('\n');
    }
    message.append("Integrity check (").append(report.transactionsChecked()).append(" transactions, ")
        .append(report.entriesChecked()).append(" entries):\n");
    message.append("  unbalanced currencies: ").append(report.unbalancedCurrencies()).append('\n');
    message.append("  unbalanced transactions: ").append(report.unbalancedTransactions()).append('\n');
    message.append("  orphan entries: ").append(report.orphanEntries()).append('\n');
    message.append("  counter mismatches:");
    if (report.counterMismatches().isEmpty()) {
      message.append(" []");
    }
    for (IntegrityReport.CounterMismatch m : report.counterMismatches()) {
      message.append("\n    account ").append(m.accountId()).append(": stored ").append(BalanceAssert.counters(m.stored()))
          .append(", from entries ").append(BalanceAssert.counters(m.expected()));
    }
    failWithMessage("%s", message);
    return this;
  }

  /**
   * Continues with assertions on an account's current balance.
   *
   * @param accountId the account
   * @return assertions on its balance
   */
  public BalanceAssert account(AccountId accountId) {
    isNotNull();
    return new BalanceAssert(actual.balance(accountId));
  }

  /**
   * Checks that a transaction was booked under an idempotency key.
   *
   * @param idempotencyKey the key
   * @return this assertion
   */
  public LedgerAssert hasTransactionWithKey(String idempotencyKey) {
    isNotNull();
    if (actual.transactionByKey(idempotencyKey).isEmpty()) {
      failWithMessage("Expecting a transaction booked under key <%s>, but there is none", idempotencyKey);
    }
    return this;
  }

  /**
   * Checks that no transaction was booked under an idempotency key.
   *
   * @param idempotencyKey the key
   * @return this assertion
   */
  public LedgerAssert hasNoTransactionWithKey(String idempotencyKey) {
    isNotNull();
    actual.transactionByKey(idempotencyKey).ifPresent(t -> failWithMessage(
        "Expecting no transaction under key <%s>, but found:%n%s", idempotencyKey, TransactionAssert.describe(t)));
    return this;
  }
}
