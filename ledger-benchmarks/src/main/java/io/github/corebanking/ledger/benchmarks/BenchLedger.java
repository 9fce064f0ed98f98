package io.github.corebanking.ledger.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerBuilder;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.CacheStatistics;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The ledger a benchmark drives: over a fresh PostgreSQL schema (created, migrated, and dropped on
 * close unless kept) or over the in-memory store, with or without the Redis balance cache in front
 * of the store ({@code --redis-url}: a fresh key prefix whose keys are deleted on close).
 */
final class BenchLedger implements AutoCloseable {

  final LedgerStore store;
  final Ledger ledger;
  /**
   * With {@code --alternate}: a ledger over the same store without the cache, for the slices that
   * post without it; else the same as {@link #ledger}.
   */
  final Ledger uncached;
  final @Nullable PostgresLedgerJobs jobs;
  /** Database transactions the store retried after contention (serialization failures, deadlocks). */
  final LongAdder storeRetries = new LongAdder();
  private final @Nullable HikariDataSource dataSource;
  private final LoadOptions options;
  private final @Nullable Thread dropOnExit;
  private final @Nullable RedisBalanceCache cache;
  /** Balances the ledger handed to the cache after its commits; null without a cache. */
  private final @Nullable CountingCache counting;
  /** When the cache's health last changed before the run: a later change happened during it. */
  private final @Nullable Instant cacheUpSince;
  private final @Nullable Thread clearCacheOnExit;

  /**
   * @param options the flags
   * @param clock   the ledger's clock (booking instants); jobs run on the system clock
   */
  BenchLedger(LoadOptions options, Clock clock) {
    this.options = options;
    String url = options.redisUrl();
    RedisBalanceCache c = url == null ? null : upCache(url, options.shownRedisUrl());
    cache = c;
    counting = c == null ? null : new CountingCache(c);
    cacheUpSince = c == null ? null : c.health().since();
    // An interrupted run (Ctrl-C) still deletes its keys.
    clearCacheOnExit = c == null || url == null ? null
        : new Thread(() -> closeAndClear(c, url), "clear-bench-cache");
    if (clearCacheOnExit != null) {
      Runtime.getRuntime().addShutdownHook(clearCacheOnExit);
    }
    try {
      if (options.inMemory()) {
        dataSource = null;
        store = new InMemoryLedgerStore();
        jobs = null;
        dropOnExit = null;
      } else {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.jdbcUrl());
        // Posting threads, group-commit writers, and one for jobs and checks.
        config.setMaximumPoolSize(options.threads() + Math.max(2, options.writerThreads()) + 2);
        config.setPoolName("bench-" + options.schema());
        HikariDataSource ds = new HikariDataSource(config);
        dataSource = ds;
        // An interrupted run (Ctrl-C) still drops its schema.
        dropOnExit = options.keep() ? null : new Thread(() -> dropSchema(ds, options.schema()), "drop-bench-schema");
        if (dropOnExit != null) {
          Runtime.getRuntime().addShutdownHook(dropOnExit);
        }
        PostgresLedgerSchema.migrate(dataSource, options.schema());
        PostgresLedgerStore.Builder builder = PostgresLedgerStore.builder(dataSource).schema(options.schema())
            .observer(new StoreObserver() {
              @Override
              public void onContention(String operation, Contention contention, int attempt, boolean retrying) {
                if (retrying) {
                  storeRetries.increment();
                }
              }
            });
        if (options.writerThreads() >= 0) {
          builder.writerThreads(options.writerThreads());
        }
        PostgresLedgerStore pg = builder.build();
        store = pg;
        jobs = PostgresLedgerJobs.builder(pg).build();
      }
      LedgerBuilder builder = Ledger.builder().store(store).clock(clock);
      if (counting != null) {
        builder.balanceCache(counting);
      }
      ledger = builder.build();
      uncached = options.alternate() > 0 ? Ledger.builder().store(store).clock(clock).build() : ledger;
    } catch (RuntimeException | Error e) {
      closeCache();
      throw e;
    }
  }

  /**
   * A cache under a fresh key prefix, connected and up: numbers measured against a cache that is
   * down from the start would be the store's. Default settings, except a command timeout of one
   * second (as in the JMH cache benchmarks): posters never wait for Redis, but on a busy machine the
   * default 100 ms lets one slow write trip the cache, which then skips Redis until it recovers.
   */
  private static RedisBalanceCache upCache(String url, @Nullable String shownUrl) {
    String prefix = "bench:" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ":";
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(1)).build();
    CacheHealth health = cache.health();
    if (health.status() != CacheHealth.Status.UP) {
      cache.close();
      throw new IllegalStateException("--redis-url " + shownUrl + ": the balance cache did not come up ("
          + health.status() + ": " + health.reason() + ")");
    }
    return cache;
  }

  /** @return the PostgreSQL store's group-commit counters; zeros for the in-memory store */
  PostgresLedgerStore.GroupCommitStats groupCommitStats() {
    return store instanceof PostgresLedgerStore pg ? pg.groupCommitStats()
        : new PostgresLedgerStore.GroupCommitStats(0, 0, 0, 0, 0);
  }

  /** @return the PostgreSQL store's planning counters; zeros for the in-memory store */
  PostgresLedgerStore.PlanningStats planningStats() {
    return store instanceof PostgresLedgerStore pg ? pg.planningStats() : new PostgresLedgerStore.PlanningStats(0, 0, 0, 0);
  }

  String describe() {
    return options.inMemory() ? "in-memory" : "postgres schema " + options.schema();
  }

  /** @return {@code none}, or {@code redis <url> prefix <key prefix>} (the URL without its password) */
  String describeCache() {
    return cache == null ? "none" : "redis " + options.shownRedisUrl() + " prefix " + cache.keyPrefix();
  }

  /**
   * @return what the cache did since it was built and whether it stayed up, one line each, with a
   *         {@code WARNING} line when it did not; nothing without a cache
   */
  List<String> cacheReport() {
    if (cache == null || counting == null || cacheUpSince == null) {
      return List.of();
    }
    return cacheReport(counting.writes.sum(), cache.statistics(), cache.health(), cacheUpSince);
  }

  /**
   * The cache's counters and health as report lines. The cache stayed up when it is UP, has seen
   * no error, and its status has not changed since the run began (a lost and recovered connection
   * or invalidation channel moves {@code since}).
   *
   * @param writes  balances the ledger handed to the cache after its commits
   * @param stats   the cache's counters
   * @param health  the cache's health now
   * @param upSince when the cache came up before the run
   * @return the lines
   */
  static List<String> cacheReport(long writes, CacheStatistics stats, CacheHealth health, Instant upSince) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "cache statistics: writes=%d l1_hits=%d l1_misses=%d l2_hits=%d l2_misses=%d "
        + "loads=%d errors=%d", writes, stats.l1Hits(), stats.l1Misses(), stats.l2Hits(), stats.l2Misses(),
        stats.loads(), stats.errors()));
    lines.add("cache health: " + health.status() + " since " + health.since() + " (" + health.reason() + ")");
    boolean stayedUp = health.status() == CacheHealth.Status.UP && stats.errors() == 0
        && health.since().equals(upSince);
    if (!stayedUp) {
      lines.add(String.format(Locale.ROOT, "WARNING: the balance cache did not stay UP during the run (%s since %s, "
          + "%d errors): reads and writes fell back to the store, so these are not cache numbers", health.status(),
          health.since(), stats.errors()));
    }
    return lines;
  }

  @Override
  public void close() {
    try {
      if (uncached != ledger) {
        uncached.close();
      }
      ledger.close();
      store.close();
      if (dataSource != null) {
        try {
          if (dropOnExit != null) {
            Runtime.getRuntime().removeShutdownHook(dropOnExit);
            dropSchema(dataSource, options.schema());
          }
        } finally {
          dataSource.close();
        }
      }
    } finally {
      closeCache();
    }
  }

  /** Empties the cache (L1, and this run's keys in Redis), if there is one. */
  void clearCache() {
    if (cache != null) {
      cache.clearAll();
    }
  }

  /** Deletes the cache's keys in Redis and closes it. */
  private void closeCache() {
    if (cache == null) {
      return;
    }
    if (clearCacheOnExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(clearCacheOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway; closing and clearing twice is harmless.
      }
    }
    clearAndClose(cache);
  }

  /** Deletes the cache's keys and closes it, once the run is over and nothing posts any more. */
  private static void clearAndClose(RedisBalanceCache cache) {
    try {
      cache.clearAll();
    } finally {
      cache.close();
    }
  }

  /**
   * On an interrupted run the posting threads are still committing: closes the cache first, so that
   * nothing is written to Redis any more, then deletes its keys through a cache of its own on the
   * same prefix.
   */
  private static void closeAndClear(RedisBalanceCache cache, String url) {
    cache.close();
    try (RedisBalanceCache cleaner = RedisBalanceCache.builder().redisUri(url).keyPrefix(cache.keyPrefix()).build()) {
      cleaner.clearAll();
    }
  }

  private static void dropSchema(HikariDataSource dataSource, String schema) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PostgresLedgerSchema.quotedSchema(schema) + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }

  /** The cache as the ledger sees it: the Redis cache, counting the balances handed to it after commits. */
  private static final class CountingCache implements BalanceCache {

    private final BalanceCache delegate;
    final LongAdder writes = new LongAdder();

    CountingCache(BalanceCache delegate) {
      this.delegate = delegate;
    }

    @Override
    public Balance get(AccountId id, Function<AccountId, Balance> loader) {
      return delegate.get(id, loader);
    }

    @Override
    public Map<AccountId, Balance> getAll(Collection<AccountId> ids,
        Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
      return delegate.getAll(ids, loader);
    }

    @Override
    public void put(Balance balance) {
      writes.increment();
      delegate.put(balance);
    }

    @Override
    public void invalidate(AccountId id) {
      delegate.invalidate(id);
    }

    @Override
    public void clearAll() {
      delegate.clearAll();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
