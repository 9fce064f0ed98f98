package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache on a Redis Cluster (three masters of this test's own): versioned writes routed by
 * slot, invalidations across processes, clears across every node.
 */
class RedisClusterTest {

  private static final Function<AccountId, Balance> NO_LOAD = id -> fail("the store must not be asked for " + id);

  private static LocalRedisCluster cluster;
  private static RedisClusterClient suppliedClient;
  private static RedisBalanceCache cacheA;
  private static RedisBalanceCache cacheB;
  private static final String PREFIX = TestSupport.freshPrefix("cluster");

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    cluster = LocalRedisCluster.start();
    cacheA = RedisBalanceCache.builder().redisClusterUris(cluster.uri(0), cluster.uri(1)).keyPrefix(PREFIX)
        .commandTimeout(Duration.ofSeconds(1)).build();
    suppliedClient = RedisClusterClient.create(RedisURI.create(cluster.uri(2)));
    cacheB = RedisBalanceCache.builder().redisClusterClient(suppliedClient).keyPrefix(PREFIX)
        .commandTimeout(Duration.ofSeconds(1)).build();
    TestSupport.eventually(Duration.ofSeconds(20), "both caches up", () -> cacheA.health().status()
        == CacheHealth.Status.UP && cacheB.health().status() == CacheHealth.Status.UP);
  }

  @AfterAll
  static void stop() {
    if (cacheA != null) {
      cacheA.close();
    }
    if (cacheB != null) {
      cacheB.close();
    }
    if (suppliedClient != null) {
      suppliedClient.shutdown();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static long keysOn(int port) {
    String out = LocalRedisCluster.cli(port, "--scan", "--pattern", PREFIX + "balance:*");
    return out.lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void balancesSpreadOverTheNodesAndAreSharedByBothCaches() {
    long before = cluster.ports().stream().mapToLong(RedisClusterTest::keysOn).sum();
    List<Balance> written = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Balance b = TestSupport.balance(TestSupport.randomAccount(), i, i + 1);
      written.add(b);
      cacheA.put(b);
    }
    TestSupport.eventually(Duration.ofSeconds(5), "all balances written",
        () -> cluster.ports().stream().mapToLong(RedisClusterTest::keysOn).sum() == before + written.size());
    assertThat(cluster.ports().stream().filter(p -> keysOn(p) > 0).count()).as("nodes holding keys").isEqualTo(3);
    for (Balance b : written) {
      assertThat(cacheB.get(b.accountId(), NO_LOAD)).isEqualTo(b);
    }
    assertThat(cacheB.getAll(written.stream().map(Balance::accountId).toList(), ids -> fail("no load: " + ids)))
        .hasSize(written.size());
  }

  @Test
  void aWriteThroughOneCacheInvalidatesTheOther() {
    AccountId id = TestSupport.randomAccount();
    cacheB.put(TestSupport.balance(id, 1, 1));
    assertThat(cacheB.get(id, NO_LOAD).version()).isEqualTo(1);
    Balance v2 = TestSupport.balance(id, 2, 2);
    cacheA.put(v2);
    TestSupport.eventually(Duration.ofSeconds(3), "B sees version 2", () -> cacheB.get(id, NO_LOAD).equals(v2));
    cacheA.put(TestSupport.balance(id, 1, 1));
    TestSupport.sleep(100);
    assertThat(cacheB.get(id, NO_LOAD)).isEqualTo(v2);
  }

  @Test
  void clearAllEmptiesThePrefixOnEveryNode() {
    for (int i = 0; i < 30; i++) {
      cacheA.put(TestSupport.balance(TestSupport.randomAccount(), i, 1));
    }
    TestSupport.eventually(Duration.ofSeconds(5), "some keys on every node",
        () -> cluster.ports().stream().allMatch(p -> keysOn(p) > 0));
    cacheB.clearAll();
    assertThat(cluster.ports().stream().mapToLong(RedisClusterTest::keysOn).sum()).isZero();
    assertThat(cacheA.health().status()).isEqualTo(CacheHealth.Status.UP);
  }
}
