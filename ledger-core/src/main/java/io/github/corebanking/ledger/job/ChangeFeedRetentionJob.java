package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Retention of the change feed ({@link io.github.corebanking.ledger.Ledger#changes}): deletes the
 * oldest changes, those recorded longer ago than the retention and at or before the position every
 * consumer has passed, in rounds of {@code batchSize} ({@link LedgerStore#pruneChanges}). A consumer
 * that later asks for a pruned position gets a {@link io.github.corebanking.ledger.ChangesPrunedException}.
 * Archive the feed before pruning it by relaying it to a durable log (a broker topic, object
 * storage) and giving the relay's stored position as {@code consumedThrough}.
 *
 * <p>It runs in the {@link JobFrame} over the store's {@link LedgerStore#jobRuns()} (or the runs
 * given), under the name {@value #NAME}. Counts: {@code pruned}. Recommended schedule: daily.
 *
 * <pre>{@code
 * LedgerJob job = new ChangeFeedRetentionJob(store, Clock.systemUTC(), Duration.ofDays(30),
 *     relay::storedPosition, 5_000);
 * }</pre>
 */
public final class ChangeFeedRetentionJob implements LedgerJob {

  /** The job's name, in results, locks and records. */
  public static final String NAME = "change-feed-retention";

  /** Changes deleted per round when no batch size is given. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  private final LedgerJob framed;

  /**
   * @param store           the ledger's store: it prunes, and provides the lock and record
   * @param clock           the clock the retention is measured from, and stamping runs
   * @param retention       how long changes are kept at least, positive
   * @param consumedThrough the position every consumer of the feed has handled (read at each run);
   *                        nothing after it is pruned
   * @param batchSize       changes deleted per round, 1 to 10,000
   * @throws InvalidRequestException naming the argument that is null or out of range
   */
  public ChangeFeedRetentionJob(LedgerStore store, Clock clock, Duration retention, LongSupplier consumedThrough,
      int batchSize) {
    this(store, Checks.notNull(store, "store").jobRuns(), clock, retention, consumedThrough, batchSize);
  }

  /**
   * @param store           the ledger's store, which prunes
   * @param runs            where the job's lock is taken and its runs recorded
   * @param clock           the clock the retention is measured from, and stamping runs
   * @param retention       how long changes are kept at least, positive
   * @param consumedThrough the position every consumer of the feed has handled; nothing after it is pruned
   * @param batchSize       changes deleted per round, 1 to 10,000
   * @throws InvalidRequestException naming the argument that is null or out of range
   */
  public ChangeFeedRetentionJob(LedgerStore store, JobRuns<?> runs, Clock clock, Duration retention,
      LongSupplier consumedThrough, int batchSize) {
    Checks.notNull(store, "store");
    Checks.notNull(clock, "clock");
    Checks.notNull(retention, "retention");
    Checks.notNull(consumedThrough, "consumedThrough");
    if (retention.isNegative() || retention.isZero()) {
      throw new InvalidRequestException("retention", retention, "must be positive");
    }
    if (batchSize < 1 || batchSize > PageRequest.MAX_SIZE) {
      throw new InvalidRequestException("batchSize", batchSize, "must be between 1 and " + PageRequest.MAX_SIZE);
    }
    this.framed = JobFrame.over(Checks.notNull(runs, "runs"), clock)
        .job(NAME, (lock, counts) -> prune(store, clock, retention, consumedThrough, batchSize, counts));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobResult run() {
    return framed.run();
  }

  private static String prune(LedgerStore store, Clock clock, Duration retention, LongSupplier consumedThrough,
      int batchSize, Map<String, Long> counts) {
    Instant before = clock.instant().minus(retention);
    long through = consumedThrough.getAsLong();
    long pruned = 0;
    counts.put("pruned", 0L);
    while (true) {
      int n = store.pruneChanges(before, through, batchSize);
      pruned += n;
      counts.put("pruned", pruned);
      if (n < batchSize) {
        break;
      }
    }
    return "pruned " + pruned + " changes recorded before " + before + " and at or before position " + through;
  }
}
