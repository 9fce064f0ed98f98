package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Voids pending holds whose {@code expiresAt} has passed, through the {@link Ledger} so balance
 * caches and listeners see each void. Works over any store. A hold committed or voided by someone
 * else meanwhile is counted as {@code alreadySettled}, not as a failure. A hold dated in a closed
 * period cannot be voided: the store does not list it, and one whose period closed after it was
 * listed ({@link PeriodClosedException}) is counted as {@code inClosedPeriod}; both stay pending
 * until their period is reopened; any other failure of a void ends the run as FAILED
 * with the counts so far, and the next run takes the rest.
 *
 * <p>It runs in the {@link JobFrame} over the store's {@link LedgerStore#jobRuns()} (or the runs
 * given), under the name {@value #NAME}: one lock and one record per run, whether it is built here
 * or by a store's job factory.
 *
 * <p>Counts: {@code voided}, {@code alreadySettled}, {@code inClosedPeriod}. Recommended schedule: hourly, or every few
 * minutes when holds expire within the day.
 *
 * <pre>{@code
 * LedgerJob job = new ExpireHoldsJob(ledger, store, Clock.systemUTC(), 500);
 * scheduler.scheduleAtFixedRate(job::run, 1, 1, TimeUnit.MINUTES);
 * }</pre>
 */
public final class ExpireHoldsJob implements LedgerJob {

  /** The job's name, in results, locks and records. */
  public static final String NAME = "expire-holds";

  /** Holds fetched per round when no batch size is given. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  private final LedgerJob framed;
  private final int batchSize;

  /**
   * @param ledger    the ledger whose holds expire (voids go through it, so caches and listeners see them)
   * @param store     the ledger's store: it finds the expired holds and provides the lock and record
   * @param clock     the clock deciding what has expired, and stamping runs
   * @param batchSize holds fetched per round, 1 to 10,000
   * @throws InvalidRequestException naming the argument that is null or out of range
   */
  public ExpireHoldsJob(Ledger ledger, LedgerStore store, Clock clock, int batchSize) {
    this(ledger, store, Checks.notNull(store, "store").jobRuns(), clock, batchSize);
  }

  /**
   * @param ledger    the ledger whose holds expire
   * @param store     the ledger's store, which finds the expired holds
   * @param runs      where the job's lock is taken and its runs recorded
   * @param clock     the clock deciding what has expired, and stamping runs
   * @param batchSize holds fetched per round, 1 to 10,000
   * @throws InvalidRequestException naming the argument that is null or out of range
   */
  public ExpireHoldsJob(Ledger ledger, LedgerStore store, JobRuns<?> runs, Clock clock, int batchSize) {
    Checks.notNull(ledger, "ledger");
    Checks.notNull(store, "store");
    Checks.notNull(clock, "clock");
    if (batchSize < 1 || batchSize > 10_000) {
      throw new InvalidRequestException("batchSize", batchSize, "must be between 1 and 10000");
    }
    this.batchSize = batchSize;
    this.framed = JobFrame.over(Checks.notNull(runs, "runs"), clock)
        .job(NAME, (lock, counts) -> expire(ledger, store, clock, batchSize, counts));
  }

  /** @return holds fetched per round */
  public int batchSize() {
    return batchSize;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobResult run() {
    return framed.run();
  }

  private static String expire(Ledger ledger, LedgerStore store, Clock clock, int batchSize, Map<String, Long> counts) {
    Instant now = clock.instant();
    long voided = 0;
    long settled = 0;
    long closed = 0;
    counts.put("voided", 0L);
    counts.put("alreadySettled", 0L);
    counts.put("inClosedPeriod", 0L);
    while (true) {
      List<TransactionId> expired = store.findExpiredHolds(now, batchSize);
      long before = voided + settled;
      for (TransactionId id : expired) {
        try {
          ledger.voidPending(id);
          counts.put("voided", ++voided);
        } catch (TransactionStateException e) {
          counts.put("alreadySettled", ++settled);
        } catch (PeriodClosedException e) {
          // Its period closed after the store listed it; the store lists it no more.
          counts.put("inClosedPeriod", ++closed);
        }
      }
      if (expired.size() < batchSize || voided + settled == before) {
        break;
      }
    }
    return "voided " + voided + " expired holds" + (closed == 0 ? ""
        : "; " + closed + " stay pending, dated in a closed period");
  }
}
