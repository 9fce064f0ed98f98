package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Committed balances reach Redis from the cache's writer: coalesced, bounded, flushed on close. */
class WriteBehindTest {

  private static String prefix;
  private static RawRedis raw;

  @BeforeAll
  static void start() {
    prefix = TestSupport.freshPrefix("writer");
    raw = new RawRedis(TestServices.redisUrl());
  }

  @AfterAll
  static void stop() {
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.close();
    }
  }

  private static RedisBalanceCache cache() {
    RedisBalanceCache c = RedisBalanceCache.builder().redisUri(TestServices.redisUrl()).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(2)).build();
    TestSupport.eventually(Duration.ofSeconds(10), "up", () -> c.health().status() == CacheHealth.Status.UP);
    return c;
  }

  @Test
  void aCommitReachesRedisAfterTheWriteIntervalAndTheIdleWriterSleepsUntilTheNext() {
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(TestServices.redisUrl()).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(2)).writeInterval(Duration.ofMillis(400)).build();
    try (cache) {
      TestSupport.eventually(Duration.ofSeconds(10), "up", () -> cache.health().status() == CacheHealth.Status.UP);
      Thread writer = writerThread();
      TestSupport.eventually(Duration.ofSeconds(10), "the writer sleeps while nothing is committed",
          () -> writer.getState() == Thread.State.WAITING);
      for (int round = 0; round < 2; round++) {
        Balance b = TestSupport.balance(TestSupport.randomAccount(), 1, 1);
        long put = System.nanoTime();
        cache.put(b);
        assertThat(cache.get(b.accountId(), id -> {
          throw new AssertionError("L1 has the commit at once");
        })).isEqualTo(b);
        TestSupport.eventually(Duration.ofSeconds(5), "Redis has the commit", () -> b.equals(raw.balance(prefix, b.accountId())));
        assertThat(System.nanoTime() - put).as("sent after the interval, not at once")
            .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        TestSupport.eventually(Duration.ofSeconds(10), "the writer sleeps again",
            () -> writer.getState() == Thread.State.WAITING);
      }
    }
  }

  private static Thread writerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("ledger-redis-writer-" + prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no writer thread for " + prefix));
  }

  @Test
  void closingWritesWhatIsStillPending() {
    List<Balance> written = new ArrayList<>();
    RedisBalanceCache cache = cache();
    for (int i = 0; i < 500; i++) {
      Balance b = TestSupport.balance(TestSupport.randomAccount(), i, i + 1);
      written.add(b);
      cache.put(b);
    }
    cache.close();
    for (Balance b : written) {
      assertThat(raw.balance(prefix, b.accountId())).isEqualTo(b);
    }
  }

  @Test
  void aBurstOnAHotAccountEndsWithItsNewestVersionAndNoError() throws InterruptedException {
    try (RedisBalanceCache cache = cache()) {
      AccountId hot = TestSupport.randomAccount();
      AtomicLong versions = new AtomicLong();
      List<Thread> posters = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread p = new Thread(() -> {
          for (int i = 0; i < 20_000; i++) {
            long v = versions.incrementAndGet();
            cache.put(TestSupport.balance(hot, v, v));
          }
        });
        p.start();
        posters.add(p);
      }
      for (Thread p : posters) {
        p.join(30_000);
      }
      Balance newest = TestSupport.balance(hot, 40_000, 40_000);
      TestSupport.eventually(Duration.ofSeconds(5), "Redis holds the newest version",
          () -> newest.equals(raw.balance(prefix, hot)));
      assertThat(cache.statistics().errors()).isZero();
      assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.UP);
    }
  }
}
