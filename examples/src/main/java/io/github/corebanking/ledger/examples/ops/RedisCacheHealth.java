package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthCheck;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.RedisBalanceCache;

/**
 * The Redis balance cache's own state as a {@link HealthCheck}: register it as non-essential, so a
 * Redis outage makes the ledger DEGRADED (reads and postings go on against PostgreSQL), never
 * DOWN. Reading the state is an in-memory call.
 */
final class RedisCacheHealth {

  private RedisCacheHealth() {}

  /**
   * @param cache the cache
   * @return its health check
   */
  static HealthCheck of(RedisBalanceCache cache) {
    return () -> {
      CacheHealth h = cache.health();
      CheckResult result = switch (h.status()) {
        case UP -> CheckResult.up("both cache tiers in use");
        case DEGRADED -> CheckResult.degraded(h.reason());
        case DOWN -> CheckResult.down(h.reason());
      };
      return result.withDetail("since", h.since())
          .withDetail("l1HitRate", String.format(java.util.Locale.ROOT, "%.3f", cache.statistics().l1HitRate()));
    };
  }
}
