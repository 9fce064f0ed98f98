package io.github.corebanking.ledger.benchmarks.cache;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** What the cache benchmarks share: where Redis is, and how to build a cache and accounts. */
final class CacheBench {

  /** Environment variable (or system property) with the Redis URL. */
  static final String REDIS_URL = "LEDGER_BENCH_REDIS_URL";

  private CacheBench() {}

  static String redisUrl() {
    String url = System.getProperty(REDIS_URL);
    if (url == null || url.isBlank()) {
      url = System.getenv(REDIS_URL);
    }
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.trim();
  }

  static String freshPrefix(String name) {
    return "bench:" + name + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ":";
  }

  /**
   * A cache that must be up before a benchmark starts: numbers measured against a degraded cache
   * would be store numbers.
   */
  static RedisBalanceCache cache(String prefix, long l1Size) {
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(redisUrl()).keyPrefix(prefix)
        .l1MaximumSize(l1Size).l1ExpireAfterWrite(Duration.ofMinutes(10))
        .commandTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cache.health().status() != CacheHealth.Status.UP) {
      if (System.nanoTime() > deadline) {
        cache.close();
        throw new IllegalStateException("the balance cache did not come up: " + cache.health());
      }
      sleep(10);
    }
    return cache;
  }

  /** Prints the cache's counters and flags a run whose numbers should be discarded. */
  static void report(String benchmark, RedisBalanceCache cache) {
    CacheHealth health = cache.health();
    System.out.println("[cache-bench] " + benchmark + " " + cache.statistics() + " " + health.status());
    if (health.status() != CacheHealth.Status.UP || cache.statistics().errors() > 0) {
      System.out.println("[cache-bench] WARNING " + benchmark + ": the cache degraded during the run ("
          + health.reason() + "); discard these numbers");
    }
  }

  static Account open(Ledger ledger, String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  static PostingRequest transfer(String key, Account debit, Account credit, long cents) {
    Money amount = Money.ofMinor(cents, CurrencyUnit.USD);
    return PostingRequest.builder().idempotencyKey(key).description("bench transfer")
        .debit(debit.id(), amount).credit(credit.id(), amount).build();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
