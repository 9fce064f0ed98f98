package io.github.corebanking.ledger.job;

/**
 * A maintenance job, free of any scheduler: call {@link #run()} from cron, Quartz, a
 * {@code ScheduledExecutorService} or Kubernetes. Jobs are idempotent and safe to start on many
 * nodes at once: a run that finds another run in progress returns {@link JobStatus#SKIPPED}.
 *
 * <p>The library's jobs are bodies run by {@link JobFrame}, which gives each the same lock, record
 * and failure handling; a job of one's own is built the same way,
 * {@code JobFrame.over(store.jobRuns(), clock).job(name, body)}.
 */
public interface LedgerJob {

  /** @return a stable name, used for the lock and in results, such as {@code "expire-holds"} */
  String name();

  /**
   * Runs the job once. Never throws for a failure of the work itself: that is a
   * {@link JobStatus#FAILED} result.
   *
   * @return what happened
   */
  JobResult run();
}
