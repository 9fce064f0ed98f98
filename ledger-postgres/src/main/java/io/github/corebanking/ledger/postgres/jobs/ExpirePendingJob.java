package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Voids pending holds whose {@code expiresAt} has passed, through the {@link io.github.corebanking.ledger.Ledger}
 * so balance caches and listeners see each void. It runs the core's {@link ExpireHoldsJob} under
 * this schema's job lock and records the run in {@code job_runs}. A hold settled by someone else
 * meanwhile counts as {@code alreadySettled}; a void that fails ends the run as FAILED with the
 * counts so far, and the next run takes the rest.
 *
 * <p>Counts: {@code voided}, {@code alreadySettled}. Recommended schedule: hourly, or every few
 * minutes when holds expire within the day.
 */
public final class ExpirePendingJob extends LockedJob {

  private final ExpireHoldsJob holds;

  ExpirePendingJob(JobContext context, ExpireHoldsJob holds) {
    super("expire-pending", context);
    this.holds = holds;
  }

  @Override
  Outcome work(Handle handle, Map<String, Long> counts) {
    JobResult inner = holds.run();
    counts.putAll(inner.counts());
    return new Outcome(inner.status(), inner.status() == JobStatus.SKIPPED
        ? "another expire-holds run is voiding the expired holds" : inner.message());
  }
}
