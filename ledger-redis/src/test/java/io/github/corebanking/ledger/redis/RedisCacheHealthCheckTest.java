package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthReport;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache's state as a health check, alone and as a non-essential component of the ledger's health. */
class RedisCacheHealthCheckTest {

  private final String prefix = TestSupport.freshPrefix("health");

  @AfterEach
  void deleteKeys() {
    try (RawRedis raw = new RawRedis(TestServices.redisUrl())) {
      raw.deleteUnder(prefix);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static HealthReport reportWith(RedisCacheHealthCheck check) {
    try (LedgerHealth health = LedgerHealth.builder()
        .essential("database", () -> CheckResult.up("answers"))
        .nonEssential("redis", check)
        .build()) {
      return health.check();
    }
  }

  @Test
  void aCacheUsingBothTiersIsUpWithWhenAndItsL1HitRate() {
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(TestServices.redisUrl()).keyPrefix(prefix)
        .build()) {
      TestSupport.eventually(Duration.ofSeconds(10), "up", () -> cache.health().status() == CacheHealth.Status.UP);
      AccountId id = TestSupport.randomAccount();
      Balance b = TestSupport.balance(id, 100, 1);
      cache.put(b);
      cache.get(id, x -> {
        throw new AssertionError("L1 has the commit");
      });

      CheckResult result = RedisCacheHealthCheck.of(cache).check();

      assertThat(result.status()).isEqualTo(HealthStatus.UP);
      assertThat(result.message()).isEqualTo(RedisCacheHealthCheck.UP_MESSAGE);
      assertThat(result.details()).containsEntry("since", cache.health().since().toString())
          .containsEntry("l1HitRate", "1.000");
      assertThat(reportWith(RedisCacheHealthCheck.of(cache)).status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void whileRedisIsUnreachableTheCheckIsDegradedAndTheLedgerStaysInRotation() throws IOException {
    int port = closedPort();
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri("redis://:s3cret@127.0.0.1:" + port)
        .keyPrefix(prefix).connectTimeout(Duration.ofMillis(200)).build()) {
      CheckResult result = RedisCacheHealthCheck.of(cache).check();

      assertThat(result.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(result.message()).isEqualTo(cache.health().reason()).contains("127.0.0.1:" + port)
          .doesNotContain("s3cret");
      assertThat(result.details()).containsEntry("l1HitRate", "0.000");
      HealthReport report = reportWith(RedisCacheHealthCheck.of(cache));
      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(report.component("redis").orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
    }
  }

  @Test
  void aClosedCacheIsDownWhichLeavesTheLedgerDegradedNotDown() {
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(TestServices.redisUrl()).keyPrefix(prefix).build();
    cache.close();

    CheckResult result = RedisCacheHealthCheck.of(cache).check();

    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.message()).isEqualTo(cache.health().reason());
    HealthReport report = reportWith(RedisCacheHealthCheck.of(cache));
    assertThat(report.component("redis").orElseThrow().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void aNullCacheIsRejectedNamingTheArgument() {
    assertThatThrownBy(() -> RedisCacheHealthCheck.of(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("cache null must not be null");
  }
}
