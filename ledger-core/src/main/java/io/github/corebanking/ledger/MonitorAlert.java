package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;

/**
 * A {@link BalanceMonitor} fired: its condition became true. Read in order from
 * {@link Ledger#monitorAlerts} and told to {@link io.github.corebanking.ledger.spi.LedgerListener#onMonitorFired}.
 *
 * @param position       the alert's place in the alert feed, from 1, dense, in the order alerts were recorded
 * @param monitor        the monitor as defined (also when it was removed since)
 * @param value          the measured figure that made the condition true
 * @param accountVersion the account's version the value was read at; for a category target, the
 *                       change-feed position it was read through
 * @param changePosition the change-feed position the evaluator had read through when it fired (0 when
 *                       it fired on a first evaluation before reading any change)
 * @param firedAt        when the evaluator recorded it
 */
public record MonitorAlert(long position, BalanceMonitor monitor, Money value, long accountVersion,
    long changePosition, Instant firedAt) {

  /** Checks the fields. */
  public MonitorAlert {
    if (position < 1) {
      throw new InvalidRequestException("position", position, "must be at least 1");
    }
    Checks.notNull(monitor, "monitor");
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
