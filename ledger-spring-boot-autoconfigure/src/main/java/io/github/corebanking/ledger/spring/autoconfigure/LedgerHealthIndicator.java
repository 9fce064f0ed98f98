package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.health.ComponentHealth;
import io.github.corebanking.ledger.health.HealthReport;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The ledger's health as an Actuator {@link HealthIndicator} ({@code /actuator/health/ledger}):
 * UP and DOWN map to Actuator's UP and DOWN, DEGRADED to the status code
 * {@code ledger.health.degraded-status} names (default {@code DEGRADED}), which the application
 * orders and maps to an HTTP status with {@code management.endpoint.health.status.*}. Each
 * component is a detail with its status, message and details.
 */
public final class LedgerHealthIndicator implements HealthIndicator {

  private final LedgerHealth health;
  private final Status degraded;

  /**
   * @param health         the ledger's health
   * @param degradedStatus the status code of a DEGRADED ledger
   */
  public LedgerHealthIndicator(LedgerHealth health, String degradedStatus) {
    this.health = health;
    this.degraded = new Status(degradedStatus, "the ledger works; a component needs an operator");
  }

  @Override
  public Health health() {
    HealthReport report = health.check();
    Health.Builder builder = Health.status(status(report.status())).withDetail("summary", report.summary())
        .withDetail("checkedAt", report.checkedAt().toString());
    for (ComponentHealth c : report.components()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("status", status(c.status()).getCode());
      detail.put("essential", c.essential());
      detail.put("message", c.message());
      if (!c.details().isEmpty()) {
        detail.put("details", c.details());
      }
      builder.withDetail(c.name(), detail);
    }
    return builder.build();
  }

  private Status status(HealthStatus status) {
    return switch (status) {
      case UP -> Status.UP;
      case DEGRADED -> degraded;
      case DOWN -> Status.DOWN;
    };
  }
}
