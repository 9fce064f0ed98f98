package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many threads missing the same key at once cause one store load. */
class StampedeTest {

  private static final int THREADS = 1_000;

  private static String prefix;
  private static RawRedis raw;

  @BeforeAll
  static void start() {
    prefix = TestSupport.freshPrefix("stampede");
    raw = new RawRedis(TestServices.redisUrl());
  }

  @AfterAll
  static void stop() {
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.close();
    }
  }

  private static RedisBalanceCache cache(String uri, long l1Size) {
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(uri).keyPrefix(prefix).l1MaximumSize(l1Size)
        .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build();
    return cache;
  }

  @Test
  void aThousandConcurrentMissesOnOneKeyLoadFromTheStoreOnce() throws InterruptedException {
    try (RedisBalanceCache cache = cache(TestServices.redisUrl(), 10_000)) {
      TestSupport.eventually(Duration.ofSeconds(10), "up", () -> cache.health().status() == CacheHealth.Status.UP);
      assertStampedeLoadsOnce(cache);
      assertThat(cache.statistics().l2Misses()).as("one Redis lookup too").isEqualTo(1);
    }
  }

  @Test
  void withL1TurnedOffConcurrentMissesStillLoadOnce() throws InterruptedException {
    try (RedisBalanceCache cache = cache(TestServices.redisUrl(), 0)) {
      TestSupport.eventually(Duration.ofSeconds(10), "up", () -> cache.health().status() == CacheHealth.Status.UP);
      assertStampedeLoadsOnce(cache);
    }
  }

  @Test
  void whileRedisIsDownConcurrentMissesStillLoadOnce() throws InterruptedException, IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (RedisBalanceCache cache = cache("redis://127.0.0.1:" + closedPort, 10_000)) {
      assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.DEGRADED);
      assertStampedeLoadsOnce(cache);
    }
  }

  private static void assertStampedeLoadsOnce(RedisBalanceCache cache) throws InterruptedException {
    AccountId id = TestSupport.randomAccount();
    Balance stored = TestSupport.balance(id, 4_200, 9);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    Function<AccountId, Balance> slowLoader = k -> {
      loads.incrementAndGet();
      loading.countDown();
      TestSupport.sleep(500);
      return stored;
    };
    CountDownLatch go = new CountDownLatch(1);
    Queue<Object> results = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>(THREADS);
    for (int i = 0; i < THREADS; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          results.add(cache.get(id, slowLoader));
        } catch (Throwable e) {
          results.add(e);
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(30_000);
    }
    assertThat(loading.getCount()).isZero();
    assertThat(results).hasSize(THREADS).allMatch(stored::equals);
    assertThat(loads).as("store loads for %d concurrent misses", THREADS).hasValue(1);
  }
}
