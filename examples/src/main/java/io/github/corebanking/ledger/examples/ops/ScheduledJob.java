package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.job.LedgerJob;
import java.util.Objects;

/**
 * A job and when it runs.
 *
 * @param job      the job
 * @param schedule its schedule, in the bank's zone
 * @param why      why it runs then, in the guide's words
 */
record ScheduledJob(LedgerJob job, Schedule schedule, String why) {

  ScheduledJob {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(why, "why");
  }

  String name() {
    return job.name();
  }
}
