package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.util.Map;

/**
 * A condition on an account's or a category's balance that raises a {@link MonitorAlert} when it becomes true, such
 * as "available below 0.00" or "posted at least 10,000.00". Defined through
 * {@link Ledger#defineMonitor}, evaluated off the posting path by the
 * {@link io.github.corebanking.ledger.job.BalanceMonitorJob}, which fires it once each time the
 * condition goes from false to true and not again until it has been false.
 *
 * <pre>{@code
 * BalanceMonitor overdrawn = ledger.defineMonitor(NewMonitor.builder()
 *     .name("deposit-2100-overdrawn").account(deposit.id())
 *     .when(MonitorMeasure.AVAILABLE, MonitorComparison.LESS_THAN, Money.of("0.00", CurrencyUnit.USD))
 *     .build());
 * }</pre>
 *
 * @param id         the monitor's id
 * @param name       unique among the ledger's monitors, with the characters of an account code
 * @param target     what it watches: an account, or a category's subtree
 * @param measure    which figure of the balance it compares
 * @param comparison how it compares
 * @param threshold  what it compares with, in the account's currency (for a category, the one of
 *                   its currencies compared)
 * @param metadata   caller's key/value pairs, such as whom to tell
 * @param createdAt  when it was defined
 */
public record BalanceMonitor(MonitorId id, String name, MonitorTarget target, MonitorMeasure measure,
    MonitorComparison comparison, Money threshold, Map<String, String> metadata, Instant createdAt) {

  /** Checks every field and freezes the metadata. */
  public BalanceMonitor {
    Checks.notNull(id, "monitor.id");
    Checks.code(name, "monitor.name");
    Checks.notNull(target, "monitor.target");
    Checks.notNull(measure, "monitor.measure");
    Checks.notNull(comparison, "monitor.comparison");
    Checks.notNull(threshold, "monitor.threshold");
    metadata = Checks.metadata(metadata, "monitor.metadata");
    Checks.notNull(createdAt, "monitor.createdAt");
  }

  /**
   * Whether the condition holds for a balance.
   *
   * @param balance the target account's balance
   * @return whether {@code measure(balance) comparison threshold}
   * @throws CurrencyMismatchException when the balance is in another currency
   */
  public boolean holdsFor(Balance balance) {
    return holdsFor(measure.of(balance));
  }

  /**
   * Whether the condition holds for a value of the measured figure.
   *
   * @param value the figure
   * @return whether {@code value comparison threshold}
   * @throws CurrencyMismatchException when the value is in another currency
   */
  public boolean holdsFor(Money value) {
    return comparison.test(value, threshold);
  }

  /** @return the condition as written, such as {@code "AVAILABLE < 0.00 USD"} */
  public String condition() {
    return measure + " " + comparison.symbol() + " " + threshold;
  }
}
