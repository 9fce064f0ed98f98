package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;

/**
 * What the evaluator last saw of a monitor, kept by the store beside its definition.
 *
 * @param monitorId      the monitor
 * @param firing         whether its condition held at the last observation (it fired and has not
 *                       been false since)
 * @param accountVersion the account version of that observation (for a category target, the change-feed
 *                       position it was read through); later observations have higher ones
 * @param evaluatedAt    when it was recorded
 */
public record MonitorState(MonitorId monitorId, boolean firing, long accountVersion, Instant evaluatedAt) {

  /** Checks the fields. */
  public MonitorState {
    Checks.notNull(monitorId, "monitorId");
    if (accountVersion < 0) {
      throw new InvalidRequestException("accountVersion", accountVersion, "must not be negative");
    }
    Checks.notNull(evaluatedAt, "evaluatedAt");
  }
}
