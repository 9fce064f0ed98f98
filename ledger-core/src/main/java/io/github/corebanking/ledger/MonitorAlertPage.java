package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.List;

/**
 * A page of the alert feed, read by {@link Ledger#monitorAlerts(long, int)} like the change feed:
 * store {@link #next()} once the page is handled and read after it next time.
 *
 * @param alerts the alerts, in position order
 * @param next   the position to read after next time: that of the last alert, or the one read
 *               after when the page is empty
 */
public record MonitorAlertPage(List<MonitorAlert> alerts, long next) {

  /** Freezes the list and checks that {@code next} is the last position. */
  public MonitorAlertPage {
    alerts = List.copyOf(Checks.notNull(alerts, "alerts"));
    if (next < 0) {
      throw new InvalidRequestException("next", next, "must not be negative");
    }
    if (!alerts.isEmpty() && alerts.get(alerts.size() - 1).position() != next) {
      throw new InvalidRequestException("next", next, "must be the position of the page's last alert");
    }
  }

  /** @return whether the page holds no alert */
  public boolean isEmpty() {
    return alerts.isEmpty();
  }
}
