package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.job.JobStatus;
import java.util.Objects;

/**
 * What the last integrity check ({@code integrity-check} job) found.
 *
 * @param lastRun the last run that SUCCEEDED or FAILED
 */
public record IntegrityStatus(JobRun lastRun) {

  /** Checks the field. */
  public IntegrityStatus {
    Objects.requireNonNull(lastRun, "lastRun");
  }

  /** @return whether the last check ran to the end */
  public boolean completed() {
    return lastRun.status() == JobStatus.SUCCEEDED;
  }

  /** @return the problems the last completed check found (0 when it failed before counting) */
  public long problems() {
    return lastRun.count("problems");
  }

  /** @return whether the last check completed and found nothing wrong */
  public boolean clean() {
    return completed() && problems() == 0;
  }
}
