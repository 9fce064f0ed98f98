package io.github.corebanking.ledger.examples;

import io.github.corebanking.ledger.LedgerBuilder;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Adds the Redis balance cache to the example ledger when {@code LEDGER_REDIS_URL} is set. */
final class RedisSupport {

  private RedisSupport() {}

  static void configure(Map<String, String> env, LedgerBuilder builder, List<AutoCloseable> resources,
      StringBuilder description) {
    String redisUrl = env.get("LEDGER_REDIS_URL");
    if (redisUrl == null || redisUrl.isBlank()) {
      return;
    }
    String prefix = "ledger:example:" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ":";
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(redisUrl).keyPrefix(prefix).build();
    resources.add(0, () -> {
      cache.clearAll();
      cache.close();
    });
    builder.balanceCache(cache);
    description.append(", balances cached in Redis under ").append(prefix);
  }
}
