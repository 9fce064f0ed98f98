package io.github.corebanking.ledger.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double gauge(String component, String status) {
    return registry.get(HealthMetrics.STATUS).tag("component", component).tag("status", status).gauge().value();
  }

  @Test
  void theCurrentStatusOfEachComponentIsOneAndTheOthersZero() {
    AtomicReference<CheckResult> redis = new AtomicReference<>(CheckResult.down("connection refused"));
    try (LedgerHealth health = LedgerHealth.builder()
        .essential("database", () -> CheckResult.up("answers"))
        .nonEssential("redis", redis::get)
        .build()) {
      LedgerMetrics.of(registry, Tags.empty()).bind(health, Duration.ZERO);

      assertThat(gauge("ledger", "degraded")).isEqualTo(1);
      assertThat(gauge("ledger", "up")).isZero();
      assertThat(gauge("database", "up")).isEqualTo(1);
      assertThat(gauge("redis", "down")).isEqualTo(1);
      assertThat(gauge("redis", "up")).isZero();

      redis.set(CheckResult.up("answers"));
      assertThat(gauge("ledger", "up")).isEqualTo(1);
      assertThat(gauge("redis", "up")).isEqualTo(1);
    }
  }

  @Test
  void gaugesKeepReportingAfterTheBindingIsDroppedAndCollected() throws InterruptedException {
    try (LedgerHealth health = LedgerHealth.builder()
        .essential("database", () -> CheckResult.up("answers"))
        .build()) {
      HealthMetrics.bind(health, registry, Tags.empty(), Duration.ZERO);
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }

      assertThat(gauge("ledger", "up")).isEqualTo(1);
    }
  }

  @Test
  void aScrapeWithinTheRefreshPeriodRunsTheChecksOnce() {
    AtomicInteger runs = new AtomicInteger();
    try (LedgerHealth health = LedgerHealth.builder()
        .essential("database", () -> CheckResult.up("run " + runs.incrementAndGet()))
        .build()) {
      HealthMetrics.bind(health, registry, Tags.empty(), Duration.ofMinutes(1));

      registry.getMeters().forEach(m -> m.measure().forEach(ms -> ms.getValue()));
      registry.getMeters().forEach(m -> m.measure().forEach(ms -> ms.getValue()));

      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aComponentNamedLikeTheOverallStatusIsRejected() {
    try (LedgerHealth health = LedgerHealth.builder().essential("ledger", () -> CheckResult.up("x")).build()) {
      assertThatThrownBy(() -> HealthMetrics.bind(health, registry, Tags.empty(), Duration.ZERO))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("health 'ledger' has a component named like the overall status");
    }
  }
}
