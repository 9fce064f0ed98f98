package io.github.corebanking.ledger.postgres.diagnostics;

import java.time.Duration;
import java.util.Objects;

/**
 * One normalized statement's totals from {@code pg_stat_statements}, for the current database.
 *
 * @param queryId       PostgreSQL's id of the normalized statement
 * @param query         its text, with constants replaced by {@code $n}
 * @param calls         how often it ran
 * @param totalTime     time spent in it, all calls together
 * @param meanTime      time per call
 * @param maxTime       the slowest call
 * @param rows          rows it returned or touched, all calls together
 * @param sharedBlocksHit  buffer cache hits
 * @param sharedBlocksRead blocks read from disk (or the OS cache)
 */
public record SlowStatement(long queryId, String query, long calls, Duration totalTime, Duration meanTime,
    Duration maxTime, long rows, long sharedBlocksHit, long sharedBlocksRead) {

  /** Checks the fields. */
  public SlowStatement {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(totalTime, "totalTime");
    Objects.requireNonNull(meanTime, "meanTime");
    Objects.requireNonNull(maxTime, "maxTime");
  }

  /** @return the share of blocks found in PostgreSQL's buffer cache, from 0 to 1 (1 when none were needed) */
  public double cacheHitRatio() {
    long all = sharedBlocksHit + sharedBlocksRead;
    return all == 0 ? 1 : (double) sharedBlocksHit / all;
  }

  /** How {@link PostgresDiagnostics#slowStatements} orders its answer. */
  public enum Order {
    /** Slowest per call first: what makes callers wait. */
    MEAN_TIME,
    /** Most time in all first: what loads the server. */
    TOTAL_TIME
  }
}
