package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.Checks;
import java.util.List;

/**
 * One evaluation of the monitors, recorded atomically by {@link LedgerStore#recordMonitorEvaluation}:
 * the new cursor, the monitors' new states and the alerts that fired.
 *
 * @param round    the {@link MonitorCursor#round()} the evaluation started from; the store refuses it
 *                 when another evaluation was recorded since
 * @param position the change-feed position evaluated through, not below the cursor's
 * @param states   the new state of every monitor observed
 * @param alerts   the alerts that fired, in the order they are to be given positions
 */
public record MonitorEvaluation(long round, long position, List<MonitorState> states, List<FiredAlert> alerts) {

  /** Checks and freezes the fields. */
  public MonitorEvaluation {
    if (round < 0) {
      throw new InvalidRequestException("round", round, "must not be negative");
    }
    if (position < 0) {
      throw new InvalidRequestException("position", position, "must not be negative");
    }
    states = List.copyOf(Checks.notNull(states, "states"));
    alerts = List.copyOf(Checks.notNull(alerts, "alerts"));
  }
}
