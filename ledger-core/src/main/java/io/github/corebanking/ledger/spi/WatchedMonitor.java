package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A defined monitor with the state its evaluator recorded, as a store reads it for the
 * {@link io.github.corebanking.ledger.job.BalanceMonitorJob}.
 *
 * @param monitor the definition
 * @param state   the last recorded state, or null before its first evaluation
 */
public record WatchedMonitor(BalanceMonitor monitor, @Nullable MonitorState state) {

  /** Checks the fields. */
  public WatchedMonitor {
    Checks.notNull(monitor, "monitor");
    if (state != null && !state.monitorId().equals(monitor.id())) {
      throw new io.github.corebanking.ledger.InvalidRequestException("state.monitorId", state.monitorId(),
          "must be monitor " + monitor.id());
    }
  }
}
