package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.util.List;

/**
 * The result of an integrity check over the whole ledger. Each list holds the offending ids, so an
 * operator can go straight to them.
 *
 * @param checkedAt              when the check ran
 * @param unbalancedCurrencies   currencies whose posted debits differ from posted credits, summed over
 *                               all entries or over the accounts' counters
 * @param unbalancedTransactions transactions whose entries do not balance per currency and phase, or
 *                               that have no entries
 * @param orphanEntries          entries whose transaction or account does not exist
 * @param counterMismatches      accounts whose balance counters differ from the sum of their entries
 * @param transactionsChecked    how many transactions were checked
 * @param entriesChecked         how many entries were checked
 */
public record IntegrityReport(
    Instant checkedAt,
    List<CurrencyUnit> unbalancedCurrencies,
    List<TransactionId> unbalancedTransactions,
    List<EntryId> orphanEntries,
    List<CounterMismatch> counterMismatches,
    long transactionsChecked,
    long entriesChecked) {

  /** Freezes the lists. */
  public IntegrityReport {
    Checks.notNull(checkedAt, "checkedAt");
    unbalancedCurrencies = List.copyOf(unbalancedCurrencies);
    unbalancedTransactions = List.copyOf(unbalancedTransactions);
    orphanEntries = List.copyOf(orphanEntries);
    counterMismatches = List.copyOf(counterMismatches);
  }

  /** @return true when nothing is wrong */
  public boolean ok() {
    return unbalancedCurrencies.isEmpty() && unbalancedTransactions.isEmpty() && orphanEntries.isEmpty()
        && counterMismatches.isEmpty();
  }

  /**
   * An account whose stored counters differ from what its entries add up to.
   *
   * @param accountId the account
   * @param stored    the counters on the account
   * @param expected  the counters recomputed from entries
   */
  public record CounterMismatch(AccountId accountId, Balance stored, Balance expected) {}
}
