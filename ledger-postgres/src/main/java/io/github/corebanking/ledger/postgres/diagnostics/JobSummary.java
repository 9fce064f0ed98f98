package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one job has been doing: its last run that did work (SKIPPED runs, where another node held
 * the lock, are left out) and its last success.
 *
 * @param job         the job's name
 * @param lastRun     the last run that SUCCEEDED or FAILED
 * @param lastSuccess when the last SUCCEEDED run started, if any
 */
public record JobSummary(String job, JobRun lastRun, @Nullable Instant lastSuccess) {

  /** Checks the fields. */
  public JobSummary {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(lastRun, "lastRun");
  }

  /** @return when the last SUCCEEDED run started */
  public Optional<Instant> lastSucceededAt() {
    return Optional.ofNullable(lastSuccess);
  }
}
