package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.LedgerJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;

/**
 * A {@link LedgerJob} that records every run, then returns the wrapped job's result unchanged.
 *
 * <p>Meters (all with the common tags and tag {@code job}):
 * <ul>
 *   <li>{@value #RUNS} (timer): runs and their durations; tag {@code status} ({@code succeeded},
 *       {@code skipped}, {@code failed}). Alert on a rising {@code status=failed} count.</li>
 *   <li>{@value #LAST_SUCCESS} (gauge): when the last SUCCEEDED run started, in seconds since the
 *       epoch ({@code NaN} before the first); alert when {@code time() - value} exceeds the
 *       schedule's period plus a margin.</li>
 *   <li>{@value #LAST_FAILED} (gauge): 1 when the last run that was not skipped failed, else 0.</li>
 *   <li>{@value #LAST_COUNT} (gauge): each count of the last SUCCEEDED run, tag {@code count}
 *       (such as {@code problems} of the integrity check or {@code created} of the partitions
 *       job).</li>
 * </ul>
 *
 * <pre>{@code
 * LedgerJob expiry = MeteredJob.wrap(new ExpireHoldsJob(ledger, store, Clock.systemUTC(), 500), registry, Tags.empty());
 * }</pre>
 *
 * <p>A wrapped job that breaks its contract and throws is recorded as failed, and the exception
 * goes on to the caller. Gauges bind to the first job wrapped under a name in a registry: wrap
 * each job name once per registry, or wrap through one {@link LedgerMetrics}, which shares them.
 */
public final class MeteredJob implements LedgerJob {

  /** Timer of job runs. */
  public static final String RUNS = "ledger.job.runs";
  /** Gauge of the last successful run's start. */
  public static final String LAST_SUCCESS = "ledger.job.last.success";
  /** Gauge: whether the last run that did work failed. */
  public static final String LAST_FAILED = "ledger.job.last.failed";
  /** Gauge of the counts of the last successful run. */
  public static final String LAST_COUNT = "ledger.job.last.count";

  private final LedgerJob delegate;
  private final JobStats stats;

  MeteredJob(LedgerJob delegate, JobStats stats) {
    this.delegate = delegate;
    this.stats = stats;
  }

  /**
   * Wraps a job.
   *
   * @param job      the job
   * @param registry where the meters go
   * @param tags     tags added to every meter
   * @return the metered job, with the wrapped job's name
   */
  public static MeteredJob wrap(LedgerJob job, MeterRegistry registry, Tags tags) {
    if (job == null) {
      throw new InvalidRequestException("job", null, "must not be null");
    }
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    return new MeteredJob(job, new JobStats(job.name(), registry, tags));
  }

  /** @return the wrapped job */
  public LedgerJob delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public JobResult run() {
    long start = System.nanoTime();
    JobResult result;
    try {
      result = delegate.run();
    } catch (RuntimeException e) {
      stats.recordThrown(Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
    stats.record(result);
    return result;
  }
}
