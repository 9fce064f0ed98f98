package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.HashChainFinding;
import io.github.corebanking.ledger.HashChainReport;
import io.github.corebanking.ledger.internal.HashChainVerifier;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.postgres.internal.IntegrityCheck;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the whole ledger from its entries, in one consistent read-only snapshot of the database:
 * the store's own check ({@link io.github.corebanking.ledger.postgres.PostgresLedgerStore#checkIntegrity},
 * the same implementation, so the two never disagree), and the snapshots on top:
 * <ul>
 *   <li>the trial balance: per currency, posted debits equal posted credits, both over all entries
 *       and over the accounts' counters;</li>
 *   <li>every transaction balances per currency and phase (its pending and its posted entries each
 *       balance) and has entries;</li>
 *   <li>no orphan entries (every entry's transaction and account exist);</li>
 *   <li>every account's four counters equal the sums of its entries (pending counters count the
 *       pending entries of transactions still PENDING);</li>
 *   <li>every account's latest value-dated balance ({@code value_balances}) equals its posted
 *       counters, reported among the counter mismatches (one index probe per account);</li>
 *   <li>every daily snapshot equals the sums of its account's posted entries up to its
 *       {@code as_of}, and carries the version of the last of them.</li>
 * </ul>
 *
 * and, when the jobs know the store ({@code PostgresLedgerJobs.builder(store)} or
 * {@code .ledger(ledger, store)}), the hash chains from their checkpoints
 * ({@link io.github.corebanking.ledger.job.VerifyHashChainsJob}, incremental), after the snapshot:
 * each entry edited, inserted or deleted behind the ledger's back is a problem, named by id.
 *
 * <p>Finding problems is the job doing its work: the run SUCCEEDS, its count {@code problems} is
 * non-zero, its message lists the offending ids (up to the limit per kind), and it logs a warning.
 * Alert on {@code problems > 0}. The full findings of the last run are in {@link #lastFindings()}.
 * Counters and value-dated balances found wrong are rebuilt by {@link RecalculateBalancesJob};
 * snapshots by re-running {@link DailyBalanceSnapshotJob} for their days.
 *
 * <p>Counts: {@code problems}, {@code unbalancedCurrencies}, {@code unbalancedTransactions},
 * {@code orphanEntries}, {@code counterMismatches}, {@code snapshotMismatches},
 * {@code accountsChecked}, {@code transactionsChecked}, {@code entriesChecked},
 * {@code snapshotsChecked}, {@code hashChainFindings}, {@code hashChainEntriesChecked}. Cost: a few sequential scans of {@code entries} and one sort of the
 * posted entries of snapshotted accounts. Recommended schedule: daily, off-peak (say 03:00, after
 * the snapshots).
 */
public final class IntegrityCheckJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "integrity-check";

  private static final Logger LOG = LoggerFactory.getLogger(IntegrityCheckJob.class);

  /** How many ids of each kind a message shows. */
  private static final int SHOWN = 20;

  private final int limit;
  private final AtomicReference<@Nullable IntegrityFindings> last = new AtomicReference<>();
  private final AtomicReference<@Nullable HashChainReport> lastChains = new AtomicReference<>();
  private final @Nullable HashChainVerifier chains;

  IntegrityCheckJob(JobContext context, int limit, @Nullable LedgerStore store) {
    super(NAME, context);
    this.limit = limit;
    this.chains = store == null ? null : new HashChainVerifier(store, HashChainVerifier.PAGE);
  }

  /** @return the hash-chain verification of the last run that verified them, if any */
  public Optional<HashChainReport> lastHashChainReport() {
    return Optional.ofNullable(lastChains.get());
  }

  /** @return the findings of the last run that completed its checks, if any */
  public Optional<IntegrityFindings> lastFindings() {
    return Optional.ofNullable(last.get());
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
    Instant now = context().clock().instant();
    IntegrityFindings f = handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
      IntegrityCheck.Result ledger = IntegrityCheck.run(h, now, limit);
      IntegrityCheckSql sql = h.attach(IntegrityCheckSql.class);
      List<IntegrityCheckSql.SnapshotRow> snapshots = sql.snapshotMismatches(limit);
      return new IntegrityFindings(ledger.report(), ledger.unbalancedTransactionsTotal(), ledger.orphanEntriesTotal(),
          ledger.counterMismatchesTotal(),
          snapshots.stream().map(r -> new IntegrityFindings.SnapshotKey(AccountId.of(r.accountId()), r.snapshotDate()))
              .toList(),
          snapshots.isEmpty() ? 0 : snapshots.get(0).total(), ledger.accountsChecked(), sql.snapshotsChecked());
    });
    last.set(f);
    HashChainReport chainReport = chains == null ? null : chains.verify(false);
    lastChains.set(chainReport);
    long chainFindings = chainReport == null ? 0 : chainReport.findings().size();
    counts.put("problems", f.problems() + chainFindings);
    counts.put("unbalancedCurrencies", (long) f.unbalancedCurrencies().size());
    counts.put("unbalancedTransactions", f.unbalancedTransactionsTotal());
    counts.put("orphanEntries", f.orphanEntriesTotal());
    counts.put("counterMismatches", f.counterMismatchesTotal());
    counts.put("snapshotMismatches", f.snapshotMismatchesTotal());
    counts.put("accountsChecked", f.accountsChecked());
    counts.put("transactionsChecked", f.transactionsChecked());
    counts.put("entriesChecked", f.entriesChecked());
    counts.put("snapshotsChecked", f.snapshotsChecked());
    counts.put("hashChainFindings", chainFindings);
    counts.put("hashChainEntriesChecked", chainReport == null ? 0 : chainReport.entriesChecked());
    String chainsNote = chainReport == null ? "; hash chains not verified (the jobs were built without the store)"
        : chainFindings == 0 ? "; hash chains intact" : "";
    if (f.ok() && chainFindings == 0) {
      return "ledger consistent: " + f.accountsChecked() + " accounts, " + f.transactionsChecked()
          + " transactions, " + f.entriesChecked() + " entries, " + f.snapshotsChecked() + " snapshots checked"
          + chainsNote;
    }
    String message = describe(f, chainReport) + chainsNote;
    LOG.warn("integrity check of schema {}: {}", context().schema(), message);
    return message;
  }

  private static String describe(IntegrityFindings f, @Nullable HashChainReport chainReport) {
    List<HashChainFinding> chainFindings = chainReport == null ? List.of() : chainReport.findings();
    StringBuilder m = new StringBuilder((f.problems() + chainFindings.size()) + " problems found:");
    if (!f.unbalancedCurrencies().isEmpty()) {
      m.append(" unbalanced currencies ").append(f.unbalancedCurrencies()).append(';');
    }
    append(m, "unbalanced transactions", f.unbalancedTransactions(), f.unbalancedTransactionsTotal());
    append(m, "orphan entries", f.orphanEntries(), f.orphanEntriesTotal());
    append(m, "counter mismatches (accounts)", f.counterMismatches(), f.counterMismatchesTotal());
    append(m, "snapshot mismatches", f.snapshotMismatches(), f.snapshotMismatchesTotal());
    append(m, "hash-chain findings", chainFindings.stream().map(x -> x.kind() + " "
        + (x.entryId() != null ? x.entryId().value() : x.transactionId())).toList(), chainFindings.size());
    return m.substring(0, m.length() - 1);
  }

  private static void append(StringBuilder m, String kind, List<?> ids, long total) {
    if (total == 0) {
      return;
    }
    m.append(' ').append(kind).append(' ').append(total).append(' ')
        .append(ids.subList(0, Math.min(SHOWN, ids.size())));
    if (total > Math.min(SHOWN, ids.size())) {
      m.append(" and ").append(total - Math.min(SHOWN, ids.size())).append(" more");
    }
    m.append(';');
  }
}
