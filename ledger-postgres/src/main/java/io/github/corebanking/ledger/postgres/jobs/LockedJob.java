package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame every PostgreSQL job runs in: take the job's session advisory lock on one connection
 * (a run that finds it taken is SKIPPED), do the work, release the lock, record the run in
 * {@code job_runs}. A failure of the work becomes a FAILED result, logged once, never an exception.
 */
abstract class LockedJob implements LedgerJob {

  private static final Logger LOG = LoggerFactory.getLogger(LockedJob.class);

  /** What a job's work produced. */
  record Outcome(JobStatus status, String message) {
    static Outcome done(String message) {
      return new Outcome(JobStatus.SUCCEEDED, message);
    }
  }

  private final String name;
  private final JobContext context;
  private volatile Runnable afterLock = () -> {};

  LockedJob(String name, JobContext context) {
    this.name = name;
    this.context = context;
  }

  @Override
  public final String name() {
    return name;
  }

  final JobContext context() {
    return context;
  }

  /** Test seam: runs right after the lock is taken, before the work. */
  final void afterLock(Runnable hook) {
    this.afterLock = hook;
  }

  /**
   * The work, run while holding the lock.
   *
   * @param handle the connection that holds the lock, free to run transactions
   * @param counts where to record what was done
   * @return the outcome
   */
  abstract Outcome work(Handle handle, Map<String, Long> counts);

  @Override
  public final JobResult run() {
    Instant startedAt = context.clock().instant();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    JobResult result;
    try (Handle handle = context.jdbi().open()) {
      JobRunSql sql = handle.attach(JobRunSql.class);
      if (!sql.tryLock(context.schema(), name)) {
        result = new JobResult(name, JobStatus.SKIPPED, startedAt, since(t0), Map.of(), "another run holds the lock");
      } else {
        try {
          result = runLocked(handle, startedAt, t0, counts);
        } finally {
          unlock(handle, sql);
        }
      }
      record(sql, result);
    } catch (RuntimeException e) {
      LOG.warn("job {} on schema {} failed: {}", name, context.schema(), describe(e));
      LOG.debug("job {} failure", name, e);
      return new JobResult(name, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
    }
    if (result.status() == JobStatus.FAILED) {
      LOG.warn("job {} on schema {} failed: {}", name, context.schema(), result.message());
    } else {
      LOG.debug("{}", result);
    }
    return result;
  }

  private JobResult runLocked(Handle handle, Instant startedAt, long t0, Map<String, Long> counts) {
    try {
      afterLock.run();
      Outcome outcome = work(handle, counts);
      return new JobResult(name, outcome.status(), startedAt, since(t0), counts, outcome.message());
    } catch (RuntimeException e) {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
      LOG.debug("job {} failed", name, e);
      return new JobResult(name, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
    }
  }

  private void unlock(Handle handle, JobRunSql sql) {
    try {
      sql.unlock(context.schema(), name);
    } catch (RuntimeException e) {
      // The server drops a session lock with its connection; closing the handle ends this one.
      LOG.warn("job {} could not release its lock on schema {}: {}", name, context.schema(), describe(e));
    }
  }

  private void record(JobRunSql sql, JobResult result) {
    try {
      sql.record(name, result.status().name(), result.startedAt(), result.duration().toMillis(),
          Json.counts(result.counts()), result.message());
    } catch (RuntimeException e) {
      LOG.warn("job {} could not record its run in {}.job_runs: {}", name, context.schema(), describe(e));
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** One line: the database's own words when the failure came from it, else the exception's. */
  static String describe(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getMessage() != null) {
        String state = sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")";
        return firstLine(sql.getMessage()) + state;
      }
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }
}
