package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.HashChainFinding;
import io.github.corebanking.ledger.HashChainReport;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.internal.HashChainVerifier;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the ledger's hash chains ({@link io.github.corebanking.ledger.Ledger#verifyHashChains}):
 * every entry edited, inserted or deleted behind the ledger's back is named by id. Works over any
 * store, in the {@link JobFrame} under the name {@value #NAME}.
 *
 * <p>Incremental by default: each account's chain is walked from its checkpoint (where the last run
 * found it intact), so a run costs the entries booked since; a full run ({@code full}) walks every
 * chain from its start and is the one that finds damage to rows verified before. Finding damage is
 * the job doing its work: the run SUCCEEDS with {@code problems > 0} (one per finding), its message
 * names the rows (up to 20), and it logs a warning; the full report is {@link #lastReport()}. Alert
 * on {@code problems > 0}, as for the integrity check.
 *
 * <p>Counts: {@code problems}, {@code entriesEdited}, {@code entriesInserted}, {@code entriesMissing},
 * {@code accountsMissingEntriesAtEnd}, {@code transactionDigestMismatches}, {@code accountsChecked},
 * {@code entriesChecked}, {@code transactionsChecked}. Recommended schedule: incremental hourly or
 * daily; full weekly, off-peak.
 *
 * <pre>{@code
 * LedgerJob job = new VerifyHashChainsJob(store, Clock.systemUTC(), false);
 * scheduler.scheduleAtFixedRate(job::run, 1, 60, TimeUnit.MINUTES);
 * }</pre>
 */
public final class VerifyHashChainsJob implements LedgerJob {

  /** The job's name, in results, locks and records. */
  public static final String NAME = "verify-hash-chains";

  private static final Logger LOG = LoggerFactory.getLogger(VerifyHashChainsJob.class);
  private static final int SHOWN = 20;

  private final LedgerJob framed;
  private final boolean full;
  private final AtomicReference<@Nullable HashChainReport> last = new AtomicReference<>();

  /**
   * @param store the ledger's store: it reads the chains and provides the lock and record
   * @param clock stamps runs
   * @param full  walk every chain from its start instead of from its checkpoint
   * @throws io.github.corebanking.ledger.InvalidRequestException naming the argument that is null
   */
  public VerifyHashChainsJob(LedgerStore store, Clock clock, boolean full) {
    this(store, Checks.notNull(store, "store").jobRuns(), clock, full);
  }

  /**
   * @param store the ledger's store, which reads the chains
   * @param runs  where the job's lock is taken and its runs recorded
   * @param clock stamps runs
   * @param full  walk every chain from its start instead of from its checkpoint
   * @throws io.github.corebanking.ledger.InvalidRequestException naming the argument that is null
   */
  public VerifyHashChainsJob(LedgerStore store, JobRuns<?> runs, Clock clock, boolean full) {
    Checks.notNull(store, "store");
    Checks.notNull(clock, "clock");
    this.full = full;
    HashChainVerifier verifier = new HashChainVerifier(store, HashChainVerifier.PAGE);
    this.framed = JobFrame.over(Checks.notNull(runs, "runs"), clock).job(NAME, (lock, counts) -> {
      HashChainReport report = verifier.verify(this.full);
      last.set(report);
      return describe(report, counts);
    });
  }

  /** @return whether a run walks every chain from its start */
  public boolean full() {
    return full;
  }

  /** @return the report of the last run that completed, if any */
  public Optional<HashChainReport> lastReport() {
    return Optional.ofNullable(last.get());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobResult run() {
    return framed.run();
  }

  /**
   * Reports a verification in a job's counts and message; the integrity check uses it too.
   *
   * @param report the verification
   * @param counts where the counts go
   * @return the one-line summary
   */
  public static String describe(HashChainReport report, Map<String, Long> counts) {
    List<HashChainFinding> f = report.findings();
    counts.put("problems", (long) f.size());
    counts.put("entriesEdited", count(f, HashChainFinding.Kind.ENTRY_EDITED));
    counts.put("entriesInserted", count(f, HashChainFinding.Kind.ENTRY_INSERTED));
    counts.put("entriesMissing", count(f, HashChainFinding.Kind.ENTRY_MISSING));
    counts.put("accountsMissingEntriesAtEnd", count(f, HashChainFinding.Kind.ENTRIES_MISSING_AT_END));
    counts.put("transactionDigestMismatches", count(f, HashChainFinding.Kind.TRANSACTION_DIGEST_MISMATCH));
    counts.put("accountsChecked", report.accountsChecked());
    counts.put("entriesChecked", report.entriesChecked());
    counts.put("transactionsChecked", report.transactionsChecked());
    String walked = (report.full() ? "full" : "incremental") + " walk of " + report.accountsChecked()
        + " accounts, " + report.entriesChecked() + " entries, " + report.transactionsChecked() + " transactions";
    if (report.ok()) {
      return "hash chains intact: " + walked;
    }
    StringBuilder m = new StringBuilder().append(f.size()).append(" rows found changed (").append(walked)
        .append("): ");
    for (int i = 0; i < Math.min(SHOWN, f.size()); i++) {
      m.append(i == 0 ? "" : "; ").append(f.get(i).kind()).append(' ')
          .append(f.get(i).entryId() != null ? "entry " + f.get(i).entryId().value()
              : "transaction " + f.get(i).transactionId());
    }
    if (f.size() > SHOWN) {
      m.append("; and ").append(f.size() - SHOWN).append(" more");
    }
    LOG.warn("hash-chain verification: {}", m);
    return m.toString();
  }

  private static long count(List<HashChainFinding> findings, HashChainFinding.Kind kind) {
    return findings.stream().filter(x -> x.kind() == kind).count();
  }
}
