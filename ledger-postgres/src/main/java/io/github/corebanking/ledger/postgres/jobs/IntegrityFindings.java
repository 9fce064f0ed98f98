package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.TransactionId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link IntegrityCheckJob} run found: the ledger's own {@link IntegrityReport} (the one
 * {@code Ledger.checkIntegrity()} returns, each list cut at the job's limit), how many problems of
 * each kind there are in all, and the snapshot checks on top.
 *
 * @param ledger                      the ledger's check, lists in id order up to the job's limit per kind
 * @param unbalancedTransactionsTotal how many unbalanced transactions (or transactions without entries) there are
 * @param orphanEntriesTotal          how many orphan entries there are
 * @param counterMismatchesTotal      how many accounts' counters differ from their entries, or their
 *                                    latest value-dated balance from their counters
 * @param snapshotMismatches          snapshots whose counters or version differ from their entries
 * @param snapshotMismatchesTotal     how many such snapshots there are
 * @param accountsChecked             accounts checked
 * @param snapshotsChecked            snapshots checked
 */
public record IntegrityFindings(
    IntegrityReport ledger,
    long unbalancedTransactionsTotal,
    long orphanEntriesTotal,
    long counterMismatchesTotal,
    List<SnapshotKey> snapshotMismatches,
    long snapshotMismatchesTotal,
    long accountsChecked,
    long snapshotsChecked) {

  /** Freezes the list. */
  public IntegrityFindings {
    Objects.requireNonNull(ledger, "ledger");
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

  /** @return when the check ran */
  public Instant checkedAt() {
    return ledger.checkedAt();
  }

  /**
   * @return codes of the currencies whose posted debits differ from posted credits, summed over
   *         entries or over the accounts' counters
   */
  public List<String> unbalancedCurrencies() {
    return ledger.unbalancedCurrencies().stream().map(CurrencyUnit::code).distinct().toList();
  }

  /** @return transactions whose entries do not balance per currency and phase, or that have none */
  public List<TransactionId> unbalancedTransactions() {
    return ledger.unbalancedTransactions();
  }

  /** @return entries whose transaction or account does not exist */
  public List<EntryId> orphanEntries() {
    return ledger.orphanEntries();
  }

  /**
   * @return accounts whose counters differ from the sums of their entries, or whose latest
   *         value-dated balance differs from their counters
   */
  public List<AccountId> counterMismatches() {
    return ledger.counterMismatches().stream().map(IntegrityReport.CounterMismatch::accountId).toList();
  }

  /** @return transactions checked */
  public long transactionsChecked() {
    return ledger.transactionsChecked();
  }

  /** @return entries checked */
  public long entriesChecked() {
    return ledger.entriesChecked();
  }

  /** @return how many problems were found, of every kind */
  public long problems() {
    return ledger.unbalancedCurrencies().size() + unbalancedTransactionsTotal + orphanEntriesTotal
        + counterMismatchesTotal + snapshotMismatchesTotal;
  }

  /** @return true when nothing is wrong */
  public boolean ok() {
    return problems() == 0;
  }
}
