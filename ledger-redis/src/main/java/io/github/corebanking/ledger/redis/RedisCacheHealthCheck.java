package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthCheck;
import io.github.corebanking.ledger.health.HealthStatus;
import java.util.Locale;

/**
 * A {@link RedisBalanceCache}'s own state as a {@link HealthCheck} for
 * {@link io.github.corebanking.ledger.health.LedgerHealth}. Register it as non-essential: while
 * Redis is down or slow the cache reads from the store and postings go on, so the ledger is
 * DEGRADED, never DOWN, and the node stays in rotation.
 *
 * <pre>{@code
 * LedgerHealth health = LedgerHealth.builder()
 *     .essential("database", database)
 *     .nonEssential("redis", RedisCacheHealthCheck.of(cache))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Status of the check for each {@link CacheHealth.Status}</caption>
 *   <tr><th>cache</th><th>check</th><th>message</th></tr>
 *   <tr><td>UP</td><td>{@link HealthStatus#UP}</td><td>both cache tiers in use</td></tr>
 *   <tr><td>DEGRADED</td><td>{@link HealthStatus#DEGRADED}</td><td>the cache's reason: Redis
 *       unreachable, slow or failing, or the invalidation channel lost; reads go to the store</td></tr>
 *   <tr><td>DOWN</td><td>{@link HealthStatus#DOWN}</td><td>the cache's reason: it was closed</td></tr>
 * </table>
 *
 * <p>Details: {@code since} (when the cache entered its status, ISO-8601) and {@code l1HitRate}
 * (the share of reads L1 answered since the cache was built, three decimals). Checking reads the
 * cache's state in memory and sends nothing to Redis, so it answers at once even while Redis hangs.
 */
public final class RedisCacheHealthCheck implements HealthCheck {

  /** The message of an UP result. */
  public static final String UP_MESSAGE = "both cache tiers in use";

  private final RedisBalanceCache cache;

  private RedisCacheHealthCheck(RedisBalanceCache cache) {
    this.cache = cache;
  }

  /**
   * @param cache the cache to report on
   * @return its health check
   * @throws InvalidRequestException when the cache is null
   */
  public static RedisCacheHealthCheck of(RedisBalanceCache cache) {
    if (cache == null) {
      throw new InvalidRequestException("cache", null, "must not be null");
    }
    return new RedisCacheHealthCheck(cache);
  }

  @Override
  public CheckResult check() {
    CacheHealth h = cache.health();
    CheckResult result = switch (h.status()) {
      case UP -> CheckResult.up(UP_MESSAGE);
      case DEGRADED -> CheckResult.degraded(h.reason());
      case DOWN -> CheckResult.down(h.reason());
    };
    return result.withDetail("since", h.since())
        .withDetail("l1HitRate", String.format(Locale.ROOT, "%.3f", cache.statistics().l1HitRate()));
  }

  @Override
  public String toString() {
    return "RedisCacheHealthCheck[" + cache + "]";
  }
}
