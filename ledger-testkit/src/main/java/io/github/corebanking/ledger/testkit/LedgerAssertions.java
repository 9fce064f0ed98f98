package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Transaction;
import org.assertj.core.api.Assertions;

/**
 * AssertJ's assertions plus the ledger's, behind one static import.
 *
 * <pre>{@code
 * import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
 *
 * assertThat(ledger).isBalanced();
 * assertThat(ledger.balance(deposits.id())).hasPosted(Money.of("90.00", USD)).hasAvailable(Money.of("60.00", USD));
 * assertThat(transaction).isPosted().isBalanced().hasEntries(2);
 * assertThat(List.of(1, 2)).hasSize(2);   // every AssertJ assertion still works
 * }</pre>
 */
public final class LedgerAssertions extends Assertions {

  private LedgerAssertions() {}

  /**
   * Assertions on a whole ledger.
   *
   * @param actual the ledger
   * @return the assertion
   */
  public static LedgerAssert assertThat(Ledger actual) {
    return new LedgerAssert(actual);
  }

  /**
   * Assertions on an account's balance.
   *
   * @param actual the balance
   * @return the assertion
   */
  public static BalanceAssert assertThat(Balance actual) {
    return new BalanceAssert(actual);
  }

  /**
   * Assertions on a transaction.
   *
   * @param actual the transaction
   * @return the assertion
   */
  public static TransactionAssert assertThat(Transaction actual) {
    return new TransactionAssert(actual);
  }

  /**
   * Assertions on an account's current balance, read from the ledger now.
   *
   * @param ledger    the ledger
   * @param accountId the account
   * @return the assertion
   */
  public static BalanceAssert assertThatAccount(Ledger ledger, AccountId accountId) {
    return new LedgerAssert(ledger).account(accountId);
  }
}
