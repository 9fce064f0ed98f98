package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.health.ComponentHealth;
import io.github.corebanking.ledger.health.HealthReport;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a {@link LedgerHealth}'s answers as gauges, one per component and status, the way
 * Prometheus expects enumerations: the gauge of the current status is 1, the others 0.
 *
 * <p>Meter: {@value #STATUS} (gauge), tags {@code component} (a registered name, or
 * {@code ledger} for the overall status) and {@code status} ({@code up}, {@code degraded},
 * {@code down}).
 *
 * <p>A scrape reads many gauges; the report behind them is fetched at most once per refresh
 * period ({@link LedgerHealth#check()}, which also honours the health's own cache), so scraping
 * costs one round of checks per period at most.
 *
 * <pre>{@code
 * HealthMetrics.bind(health, registry, Tags.empty(), Duration.ofSeconds(15));
 * }</pre>
 */
public final class HealthMetrics {

  /** Gauge of component statuses. */
  public static final String STATUS = "ledger.health.status";
  /** The {@code component} tag of the overall status. */
  public static final String OVERALL = "ledger";

  private final LedgerHealth health;
  private final long refreshNanos;
  private volatile @Nullable HealthReport report;
  private volatile long fetchedAt;

  private HealthMetrics(LedgerHealth health, Duration refresh) {
    this.health = health;
    this.refreshNanos = refresh.toNanos();
  }

  /**
   * Registers the gauges.
   *
   * @param health   the health to publish
   * @param registry where the gauges go
   * @param tags     tags added to every gauge
   * @param refresh  how long one report serves the gauges, from zero to ten minutes
   * @return the binding
   */
  public static HealthMetrics bind(LedgerHealth health, MeterRegistry registry, Tags tags, Duration refresh) {
    if (health == null) {
      throw new InvalidRequestException("health", null, "must not be null");
    }
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    if (refresh == null || refresh.isNegative() || refresh.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new InvalidRequestException("refresh", refresh, "must be between zero and PT10M");
    }
    if (health.componentNames().contains(OVERALL)) {
      throw new InvalidRequestException("health", OVERALL, "has a component named like the overall status; rename it");
    }
    HealthMetrics metrics = new HealthMetrics(health, refresh);
    List<String> components = new ArrayList<>();
    components.add(OVERALL);
    components.addAll(health.componentNames());
    for (String component : components) {
      for (HealthStatus status : HealthStatus.values()) {
        Gauge.builder(STATUS, metrics, m -> m.value(component, status))
            .description("1 when the component has this status, else 0")
            .tags(tags).tag("component", component).tag("status", status.name().toLowerCase(Locale.ROOT))
            .strongReference(true).register(registry);
      }
    }
    return metrics;
  }

  /** @return the report the gauges show now, fetching one when the last is older than the refresh period */
  public Optional<HealthReport> current() {
    long now = System.nanoTime();
    HealthReport r = report;
    if (r == null || now - fetchedAt >= refreshNanos) {
      synchronized (this) {
        r = report;
        if (r == null || System.nanoTime() - fetchedAt >= refreshNanos) {
          r = health.check();
          report = r;
          fetchedAt = System.nanoTime();
        }
      }
    }
    return Optional.of(r);
  }

  private double value(String component, HealthStatus status) {
    HealthReport r;
    try {
      r = current().orElse(null);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
    if (r == null) {
      return Double.NaN;
    }
    HealthStatus actual;
    if (component.equals(OVERALL)) {
      actual = r.status();
    } else {
      Optional<ComponentHealth> c = r.component(component);
      if (c.isEmpty()) {
        return Double.NaN;
      }
      actual = c.get().status();
    }
    return actual == status ? 1 : 0;
  }
}
