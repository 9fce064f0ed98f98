package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded run of a maintenance job, from the schema's {@code job_runs} table.
 *
 * @param job       the job's name, such as {@code daily-balance-snapshot}
 * @param status    how it ended
 * @param startedAt when it started
 * @param duration  how long it took
 * @param counts    what it counted
 * @param message   its one-line summary (for a failure, the exception)
 */
public record JobRun(String job, JobStatus status, Instant startedAt, Duration duration, Map<String, Long> counts,
    String message) {

  /** Checks the fields and freezes the counts. */
  public JobRun {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    Objects.requireNonNull(message, "message");
  }

  /**
   * @param name a count's name
   * @return its value, or 0 when the run did not report it
   */
  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  @Override
  public String toString() {
    return job + " " + status + " at " + startedAt + " in " + duration.toMillis() + " ms: " + message;
  }
}
