package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** How a job's run is printed and which exit code it gives. */
final class JobOutcome {

  private JobOutcome() {}

  static Map<String, Object> document(String job, JobStatus status, Instant startedAt, Duration took,
      Map<String, Long> counts, String message) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("job", job);
    doc.put("status", status);
    doc.put("startedAt", startedAt);
    doc.put("durationMs", took);
    doc.put("counts", counts);
    doc.put("message", message);
    return doc;
  }

  static Map<String, Object> document(JobResult r) {
    return document(r.job(), r.status(), r.startedAt(), r.duration(), r.counts(), r.message());
  }

  static String counts(Map<String, Long> counts) {
    StringJoiner j = new StringJoiner(" ");
    counts.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }

  /** Prints a run as a few lines. */
  static void print(Console console, JobResult r) {
    console.println(r.job() + " " + r.status() + " in " + r.duration().toMillis() + " ms");
    if (!r.counts().isEmpty()) {
      console.println("  " + counts(r.counts()));
    }
    if (!r.message().isEmpty()) {
      console.println("  " + r.message());
    }
  }

  /**
   * @param r a run
   * @return SKIPPED: {@value ExitCodes#SKIPPED}; FAILED, or an integrity check that found problems:
   *         {@value ExitCodes#PROBLEM}; else {@value ExitCodes#OK}
   */
  static int exitCode(JobResult r) {
    return switch (r.status()) {
      case SKIPPED -> ExitCodes.SKIPPED;
      case FAILED -> ExitCodes.PROBLEM;
      default -> r.count("problems") > 0 ? ExitCodes.PROBLEM : ExitCodes.OK;
    };
  }

  /** @return the worse of two exit codes, by how much an operator must act */
  static int worse(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case ExitCodes.OK -> 0;
      case ExitCodes.SKIPPED -> 1;
      case ExitCodes.DEGRADED -> 2;
      default -> 3;
    };
  }
}
