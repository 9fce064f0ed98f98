package io.github.corebanking.ledger.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LedgerHealthTest {

  private final List<LedgerHealth> built = new ArrayList<>();
  private final List<CountDownLatch> releases = new ArrayList<>();

  @AfterEach
  void release() {
    releases.forEach(CountDownLatch::countDown);
    built.forEach(LedgerHealth::close);
  }

  private LedgerHealth keep(LedgerHealth health) {
    built.add(health);
    return health;
  }

  private CountDownLatch latch() {
    CountDownLatch l = new CountDownLatch(1);
    releases.add(l);
    return l;
  }

  @Nested
  class RollUp {

    @Test
    void everyComponentUpMakesTheWholeUp() {
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("answers"))
          .nonEssential("redis", () -> CheckResult.up("answers"))
          .build());

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.UP);
      assertThat(report.components()).extracting(ComponentHealth::name).containsExactly("database", "redis");
      assertThat(report.problems()).isEmpty();
      assertThat(report.summary()).isEqualTo("UP: 2 components up");
    }

    @Test
    void anEssentialComponentDownMakesTheWholeDown() {
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.down("connection refused"))
          .nonEssential("redis", () -> CheckResult.up("answers"))
          .build());

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.component("database")).get().extracting(ComponentHealth::essential).isEqualTo(true);
      assertThat(report.summary()).isEqualTo("DOWN: database DOWN (connection refused)");
    }

    @Test
    void aNonEssentialComponentDownMakesTheWholeDegraded() {
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("answers"))
          .nonEssential("redis", () -> CheckResult.down("connection refused")
              .withDetail("fallback", "reads go to the database"))
          .build());

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      ComponentHealth redis = report.component("redis").orElseThrow();
      assertThat(redis.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(redis.essential()).isFalse();
      assertThat(redis.details()).containsEntry("fallback", "reads go to the database");
    }

    @Test
    void anEssentialComponentDegradedMakesTheWholeDegraded() {
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("partitions", () -> CheckResult.degraded("next month's partition is missing"))
          .build());

      assertThat(health.check().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void downBeatsDegraded() {
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("partitions", () -> CheckResult.degraded("late"))
          .essential("database", () -> CheckResult.down("gone"))
          .nonEssential("redis", () -> CheckResult.down("gone"))
          .build());

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.problems()).extracting(ComponentHealth::name).containsExactly("partitions", "database", "redis");
    }
  }

  @Nested
  class FailingChecks {

    @Test
    void aCheckThatThrowsIsDownWithTheExceptionsMessage() {
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> {
            throw new IllegalStateException("pool exhausted");
          })
          .build());

      ComponentHealth database = health.check().component("database").orElseThrow();

      assertThat(database.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(database.message()).isEqualTo("IllegalStateException: pool exhausted");
    }

    @Test
    void aCheckThatReturnsNothingIsDown() {
      LedgerHealth health = keep(LedgerHealth.builder().essential("database", () -> null).build());

      assertThat(health.check().component("database").orElseThrow().message()).isEqualTo("the check returned no result");
    }

    @Test
    void aCheckThatDoesNotAnswerInTimeIsDownAndTheRoundEndsWithoutIt() {
      CountDownLatch never = latch();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("answers"))
          .nonEssential("redis", () -> {
            never.await();
            return CheckResult.up("late");
          })
          .timeout(Duration.ofMillis(150))
          .build());

      // The check never answers, so the round returning at all shows it stopped waiting at the timeout.
      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      ComponentHealth redis = report.component("redis").orElseThrow();
      assertThat(redis.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(redis.message()).isEqualTo("no answer within 150 ms");
      assertThat(redis.details()).containsEntry("timeoutMs", "150");
    }

    @Test
    void aHungCheckIsWaitedOnAgainInsteadOfStartedAgain() {
      CountDownLatch never = latch();
      AtomicInteger starts = new AtomicInteger();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> {
            starts.incrementAndGet();
            never.await();
            return CheckResult.up("late");
          })
          .timeout(Duration.ofMillis(50))
          .build());

      for (int i = 0; i < 5; i++) {
        assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
      }

      assertThat(starts).hasValue(1);
    }

    @Test
    void aCheckThatRecoversIsUpOnTheNextRound() {
      AtomicReference<CheckResult> answer = new AtomicReference<>(CheckResult.down("connection refused"));
      LedgerHealth health = keep(LedgerHealth.builder().essential("database", answer::get).build());

      assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
      answer.set(CheckResult.up("answers"));
      assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void checksRunInParallel() {
      // Each check returns only once all three are running at the same time.
      CountDownLatch allRunning = new CountDownLatch(3);
      HealthCheck waitsForTheOthers = () -> {
        allRunning.countDown();
        return allRunning.await(5, TimeUnit.SECONDS) ? CheckResult.up("ran alongside the others")
            : CheckResult.down("ran alone");
      };
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("a", waitsForTheOthers).essential("b", waitsForTheOthers).essential("c", waitsForTheOthers)
          .timeout(Duration.ofSeconds(10))
          .build());

      assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Nested
  class Caching {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void aReportYoungerThanTheCachePeriodIsServedWithoutChecking() {
      AtomicInteger runs = new AtomicInteger();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("run " + runs.incrementAndGet()))
          .cacheFor(Duration.ofSeconds(5)).clock(clock).build());

      HealthReport first = health.check();
      clock.advance(Duration.ofMillis(4_999));
      HealthReport second = health.check();

      assertThat(second).isSameAs(first);
      assertThat(runs).hasValue(1);
      assertThat(health.lastReport()).contains(first);
    }

    @Test
    void aReportAsOldAsTheCachePeriodIsReplaced() {
      AtomicInteger runs = new AtomicInteger();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("run " + runs.incrementAndGet()))
          .cacheFor(Duration.ofSeconds(5)).clock(clock).build());

      health.check();
      clock.advance(Duration.ofSeconds(5));
      HealthReport second = health.check();

      assertThat(runs).hasValue(2);
      assertThat(second.checkedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
      assertThat(second.component("database").orElseThrow().message()).isEqualTo("run 2");
    }

    @Test
    void checkNowIgnoresTheCacheAndRefreshesIt() {
      AtomicInteger runs = new AtomicInteger();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("run " + runs.incrementAndGet()))
          .cacheFor(Duration.ofMinutes(1)).clock(clock).build());

      health.check();
      HealthReport now = health.checkNow();

      assertThat(runs).hasValue(2);
      assertThat(health.check()).isSameAs(now);
    }

    @Test
    void withoutACachePeriodEveryCallChecks() {
      AtomicInteger runs = new AtomicInteger();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> CheckResult.up("run " + runs.incrementAndGet())).clock(clock).build());

      health.check();
      health.check();

      assertThat(runs).hasValue(2);
    }

    @Test
    void concurrentCallersShareOneRound() throws Exception {
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch proceed = latch();
      LedgerHealth health = keep(LedgerHealth.builder()
          .essential("database", () -> {
            runs.incrementAndGet();
            entered.countDown();
            proceed.await();
            return CheckResult.up("answers");
          })
          .cacheFor(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(10)).clock(clock).build());
      ExecutorService callers = Executors.newFixedThreadPool(4);
      try {
        List<Future<HealthReport>> reports = new ArrayList<>();
        reports.add(callers.submit(health::check));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
          reports.add(callers.submit(health::check));
        }
        proceed.countDown();
        HealthReport first = reports.get(0).get(5, TimeUnit.SECONDS);
        for (Future<HealthReport> r : reports) {
          assertThat(r.get(5, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(runs).hasValue(1);
      } finally {
        callers.shutdownNow();
      }
    }
  }

  @Nested
  class Building {

    @Test
    void aNameRegisteredTwiceIsRejected() {
      LedgerHealth.Builder builder = LedgerHealth.builder().essential("database", () -> CheckResult.up("x"));

      assertThatThrownBy(() -> builder.nonEssential("database", () -> CheckResult.up("y")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("name 'database' is already registered");
    }

    @Test
    void aNameWithCapitalsOrSpacesIsRejected() {
      assertThatThrownBy(() -> LedgerHealth.builder().essential("Data base", () -> CheckResult.up("x")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("name 'Data base' must be 1 to 64 lower-case letters");
    }

    @Test
    void aMissingCheckIsRejected() {
      assertThatThrownBy(() -> LedgerHealth.builder().essential("database", null))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("check null must not be null (component database)");
    }

    @Test
    void aHealthWithoutComponentsIsRejected() {
      assertThatThrownBy(() -> LedgerHealth.builder().build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("components '0' must hold at least one check");
    }

    @Test
    void aTimeoutOfZeroOrOverAMinuteIsRejected() {
      assertThatThrownBy(() -> LedgerHealth.builder().timeout(Duration.ZERO))
          .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("timeout 'PT0S' must be more than zero");
      assertThatThrownBy(() -> LedgerHealth.builder().timeout(Duration.ofSeconds(61)))
          .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("timeout 'PT1M1S'");
    }

    @Test
    void aNegativeCachePeriodIsRejected() {
      assertThatThrownBy(() -> LedgerHealth.builder().cacheFor(Duration.ofSeconds(-1)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("cacheFor 'PT-1S' must be between zero and PT10M");
    }

    @Test
    void aSettingGivenTwiceIsRejected() {
      LedgerHealth.Builder builder = LedgerHealth.builder().timeout(Duration.ofSeconds(1));

      assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(2)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("timeout 'PT2S' was already set to PT1S");
    }

    @Test
    void aBuilderBuildsOnce() {
      LedgerHealth.Builder builder = LedgerHealth.builder().essential("database", () -> CheckResult.up("x"));
      keep(builder.build());

      assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingLeavesAGivenExecutorRunning() {
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        LedgerHealth health = LedgerHealth.builder().essential("database", () -> CheckResult.up("x"))
            .executor(executor).build();
        assertThat(health.componentNames()).containsExactly("database");
        health.close();

        assertThat(executor.isShutdown()).isFalse();
      } finally {
        executor.shutdownNow();
      }
    }

    @Test
    void aClosedHealthReportsItsChecksAsDown() {
      LedgerHealth health = LedgerHealth.builder().essential("database", () -> CheckResult.up("x")).build();
      health.close();

      ComponentHealth database = health.check().component("database").orElseThrow();

      assertThat(database.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(database.message()).startsWith("could not be started");
    }
  }

  @Nested
  class Results {

    @Test
    void aDetailWithoutAValueIsRejected() {
      assertThatThrownBy(() -> CheckResult.up("x").withDetail("lastPartition", null))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("details[lastPartition] null must not be null");
    }

    @Test
    void detailsKeepTheirOrderAndTheirText() {
      CheckResult result = CheckResult.degraded("late").withDetail("lagDays", 2).withDetail("lastSnapshot", "2026-02-26");

      assertThat(result.details()).containsExactly(
          java.util.Map.entry("lagDays", "2"), java.util.Map.entry("lastSnapshot", "2026-02-26"));
    }

    @Test
    void theWorseOfTwoStatusesWins() {
      assertThat(HealthStatus.UP.and(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
      assertThat(HealthStatus.DOWN.and(HealthStatus.UP)).isEqualTo(HealthStatus.DOWN);
      assertThat(HealthStatus.UP.and(HealthStatus.UP)).isEqualTo(HealthStatus.UP);
    }
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
