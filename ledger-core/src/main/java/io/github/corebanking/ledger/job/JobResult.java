package io.github.corebanking.ledger.job;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one job run.
 *
 * @param job       the job's name
 * @param status    succeeded, skipped or failed
 * @param startedAt when the run started
 * @param duration  how long it took
 * @param counts    what it counted, such as {@code voided=12}; ordered as the job reported them
 * @param message   a one-line summary for logs and health checks
 */
public record JobResult(String job, JobStatus status, Instant startedAt, Duration duration, Map<String, Long> counts,
    String message) {

  /** Checks the fields and freezes the counts. */
  public JobResult {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counts, "counts")));
    Objects.requireNonNull(message, "message");
  }

  /**
   * @param name a count's name
   * @return its value, or 0 when the job did not report it
   */
  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  @Override
  public String toString() {
    return job + " " + status + " in " + duration.toMillis() + " ms " + counts + ": " + message;
  }
}
