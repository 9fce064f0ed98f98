package io.github.corebanking.ledger.micrometer.redis;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.CacheStatistics;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The Redis balance cache's own counters as Micrometer meters, read from
 * {@link RedisBalanceCache#statistics()} and {@link RedisBalanceCache#health()} at scrape time
 * (both are in-memory reads).
 *
 * <p>Meters (all with the common tags):
 * <ul>
 *   <li>{@value #REQUESTS} (function counter): lookups per tier, tags {@code tier} ({@code l1}:
 *       the per-process Caffeine cache, {@code l2}: Redis) and {@code result} ({@code hit},
 *       {@code miss}).</li>
 *   <li>{@value #LOADS} (function counter): loads from the store, the third tier.</li>
 *   <li>{@value #ERRORS} (function counter): Redis commands that failed or timed out.</li>
 *   <li>{@value #STATUS} (gauge): tag {@code status} ({@code up}, {@code degraded},
 *       {@code down}); 1 for the current one. {@code degraded=1} is the guide's Redis outage:
 *       reads and postings go on against PostgreSQL.</li>
 * </ul>
 *
 * <pre>{@code
 * RedisCacheMetrics.bind(cache, registry, Tags.of("ledger", "main"));
 * }</pre>
 */
public final class RedisCacheMetrics {

  /** Function counter of lookups per tier. */
  public static final String REQUESTS = "ledger.cache.tier.requests";
  /** Function counter of store loads. */
  public static final String LOADS = "ledger.cache.store.loads";
  /** Function counter of failed Redis commands. */
  public static final String ERRORS = "ledger.cache.redis.errors";
  /** Gauge of the cache's state. */
  public static final String STATUS = "ledger.cache.status";

  private RedisCacheMetrics() {}

  /**
   * Registers the meters.
   *
   * @param cache    the cache
   * @param registry where the meters go
   * @param tags     tags added to every meter
   */
  public static void bind(RedisBalanceCache cache, MeterRegistry registry, Tags tags) {
    if (cache == null) {
      throw new InvalidRequestException("cache", null, "must not be null");
    }
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    counter(cache, registry, tags.and("tier", "l1", "result", "hit"), REQUESTS, CacheStatistics::l1Hits);
    counter(cache, registry, tags.and("tier", "l1", "result", "miss"), REQUESTS, CacheStatistics::l1Misses);
    counter(cache, registry, tags.and("tier", "l2", "result", "hit"), REQUESTS, CacheStatistics::l2Hits);
    counter(cache, registry, tags.and("tier", "l2", "result", "miss"), REQUESTS, CacheStatistics::l2Misses);
    counter(cache, registry, tags, LOADS, CacheStatistics::loads);
    counter(cache, registry, tags, ERRORS, CacheStatistics::errors);
    for (CacheHealth.Status status : CacheHealth.Status.values()) {
      Gauge.builder(STATUS, cache, c -> c.health().status() == status ? 1 : 0)
          .description("1 when the balance cache has this status, else 0")
          .tags(tags).tag("status", status.name().toLowerCase(Locale.ROOT)).strongReference(true).register(registry);
    }
  }

  private static void counter(RedisBalanceCache cache, MeterRegistry registry, Tags tags, String name,
      ToLongFunction<CacheStatistics> value) {
    FunctionCounter.builder(name, cache, c -> value.applyAsLong(c.statistics())).tags(tags).register(registry);
  }
}
