package io.github.corebanking.ledger.micrometer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.redis.CacheStatistics;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.services.TestServices;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisCacheMetricsTest {

  private static double requests(SimpleMeterRegistry registry, String tier, String result) {
    return registry.get(RedisCacheMetrics.REQUESTS).tag("tier", tier).tag("result", result).functionCounter().count();
  }

  @Test
  void tierCountersFollowTheCachesStatistics() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String prefix = "metrics-test:" + UUID.randomUUID() + ":";
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(TestServices.redisUrl())
        .keyPrefix(prefix).build();
        Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore()).balanceCache(cache).build()) {
      RedisCacheMetrics.bind(cache, registry, Tags.of("ledger", "main"));
      BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
      bank.injectCapital(bank.money("10.00"), "capital-1");
      cache.invalidate(bank.cash().id());
      ledger.balance(bank.cash().id());
      ledger.balance(bank.cash().id());

      CacheStatistics stats = cache.statistics();
      assertThat(requests(registry, "l1", "hit")).isEqualTo(stats.l1Hits());
      assertThat(requests(registry, "l1", "miss")).isEqualTo(stats.l1Misses());
      assertThat(requests(registry, "l2", "hit")).isEqualTo(stats.l2Hits());
      assertThat(requests(registry, "l2", "miss")).isEqualTo(stats.l2Misses());
      assertThat(registry.get(RedisCacheMetrics.LOADS).functionCounter().count()).isEqualTo(stats.loads()).isPositive();
      assertThat(registry.get(RedisCacheMetrics.ERRORS).functionCounter().count()).isEqualTo(stats.errors());
      String status = cache.health().status().name().toLowerCase(java.util.Locale.ROOT);
      assertThat(registry.get(RedisCacheMetrics.STATUS).tag("status", status).gauge().value()).isEqualTo(1);
      assertThat(registry.find(RedisCacheMetrics.STATUS).gauges()).hasSize(3)
          .filteredOn(g -> g.value() == 1).hasSize(1);
    } finally {
      deleteKeys(prefix);
    }
  }

  private static void deleteKeys(String prefix) {
    RedisClient client = RedisClient.create(TestServices.redisUrl());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
      KeyScanCursor<String> cursor = redis.scan(match);
      while (true) {
        if (!cursor.getKeys().isEmpty()) {
          redis.unlink(cursor.getKeys().toArray(new String[0]));
        }
        if (cursor.isFinished()) {
          break;
        }
        cursor = redis.scan(cursor, match);
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aCacheThatCannotReachRedisShowsDegraded() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri("redis://127.0.0.1:" + port)
        .connectTimeout(Duration.ofMillis(200)).commandTimeout(Duration.ofMillis(100)).build();
        Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore()).balanceCache(cache).build()) {
      RedisCacheMetrics.bind(cache, registry, Tags.empty());
      BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
      bank.injectCapital(bank.money("10.00"), "capital-1");
      ledger.balance(bank.cash().id());

      assertThat(registry.get(RedisCacheMetrics.STATUS).tag("status", "degraded").gauge().value()).isEqualTo(1);
      assertThat(ledger.balance(bank.cash().id()).posted()).isEqualTo(bank.money("10.00"));
    }
  }
}
