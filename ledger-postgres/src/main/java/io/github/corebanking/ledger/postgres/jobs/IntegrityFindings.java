package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.TransactionId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link IntegrityCheckJob} run found. Each list holds the offending ids, in id order, up
 * to the job's limit per kind; the matching {@code ...Total} says how many there are in all.
 *
 * @param checkedAt                   when the check ran
 * @param unbalancedCurrencies        currency codes whose posted debits differ from posted credits,
 *                                    summed over entries or over the accounts' counters
 * @param unbalancedTransactions      transactions whose entries do not balance per currency and
 *                                    phase (pending, posted), or that have no entries
 * @param unbalancedTransactionsTotal how many such transactions there are
 * @param orphanEntries               entries whose transaction or account does not exist
 * @param orphanEntriesTotal          how many such entries there are
 * @param counterMismatches           accounts whose counters differ from the sums of their entries
 * @param counterMismatchesTotal      how many such accounts there are
 * @param snapshotMismatches          snapshots whose counters or version differ from their entries
 * @param snapshotMismatchesTotal     how many such snapshots there are
 * @param accountsChecked             accounts checked
 * @param transactionsChecked         transactions checked
 * @param entriesChecked              entries checked
 * @param snapshotsChecked            snapshots checked
 */
public record IntegrityFindings(
    Instant checkedAt,
    List<String> unbalancedCurrencies,
    List<TransactionId> unbalancedTransactions,
    long unbalancedTransactionsTotal,
    List<EntryId> orphanEntries,
    long orphanEntriesTotal,
    List<AccountId> counterMismatches,
    long counterMismatchesTotal,
    List<SnapshotKey> snapshotMismatches,
    long snapshotMismatchesTotal,
    long accountsChecked,
    long transactionsChecked,
    long entriesChecked,
    long snapshotsChecked) {

  /** Freezes the lists. */
  public IntegrityFindings {
    Objects.requireNonNull(checkedAt, "checkedAt");
    unbalancedCurrencies = List.copyOf(unbalancedCurrencies);
    unbalancedTransactions = List.copyOf(unbalancedTransactions);
    orphanEntries = List.copyOf(orphanEntries);
    counterMismatches = List.copyOf(counterMismatches);
    snapshotMismatches = List.copyOf(snapshotMismatches);
  }

  /**
   * One daily snapshot.
   *
   * @param accountId    the account
   * @param snapshotDate the business day
   */
  public record SnapshotKey(AccountId accountId, LocalDate snapshotDate) {
    @Override
    public String toString() {
      return accountId + "@" + snapshotDate;
    }
  }

  /** @return how many problems were found, of every kind */
  public long problems() {
    return unbalancedCurrencies.size() + unbalancedTransactionsTotal + orphanEntriesTotal + counterMismatchesTotal
        + snapshotMismatchesTotal;
  }

  /** @return true when nothing is wrong */
  public boolean ok() {
    return problems() == 0;
  }
}
