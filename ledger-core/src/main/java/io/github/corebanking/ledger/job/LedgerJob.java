package io.github.corebanking.ledger.job;

/**
 * A maintenance job, free of any scheduler: call {@link #run()} from cron, Quartz, a
 * {@code ScheduledExecutorService} or Kubernetes. Jobs are idempotent and safe to start on many
 * nodes at once: a run that finds another run in progress returns {@link JobStatus#SKIPPED}.
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
