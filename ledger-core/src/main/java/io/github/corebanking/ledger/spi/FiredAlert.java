package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;

/**
 * An alert an evaluation records, before the store gives it a position and it becomes a
 * {@link io.github.corebanking.ledger.MonitorAlert}.
 *
 * @param monitorId      the monitor that fired
 * @param value          the measured figure
 * @param accountVersion the account version it was read at (for a category target, the change-feed
 *                       position)
 * @param changePosition the change-feed position read through
 * @param firedAt        when
 */
public record FiredAlert(MonitorId monitorId, Money value, long accountVersion, long changePosition,
    Instant firedAt) {

  /** Checks the fields. */
  public FiredAlert {
    Checks.notNull(monitorId, "monitorId");
    Checks.notNull(value, "value");
    if (accountVersion < 0) {
      throw new InvalidRequestException("accountVersion", accountVersion, "must not be negative");
    }
    if (changePosition < 0) {
      throw new InvalidRequestException("changePosition", changePosition, "must not be negative");
    }
    Checks.notNull(firedAt, "firedAt");
  }
}
