package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.InvalidRequestException;

/**
 * Where the monitor evaluator stands: the change-feed position it has read through, and the number
 * of evaluations recorded, which a store compares to refuse an evaluation made from stale state
 * ({@link LedgerStore#recordMonitorEvaluation}).
 *
 * @param position the last change-feed position evaluated, 0 at first
 * @param round    how many evaluations were recorded, 0 at first
 */
public record MonitorCursor(long position, long round) {

  /** The cursor of a store that never evaluated a monitor. */
  public static final MonitorCursor START = new MonitorCursor(0, 0);

  /** Checks the fields. */
  public MonitorCursor {
    if (position < 0) {
      throw new InvalidRequestException("position", position, "must not be negative");
    }
    if (round < 0) {
      throw new InvalidRequestException("round", round, "must not be negative");
    }
  }
}
