package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerBuilder;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresHealthChecks;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.redis.RedisCacheHealthCheck;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.PostingRule;
import java.time.DateTimeException;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The ledger on the application's {@link DataSource}: the PostgreSQL store, the {@link Ledger},
 * the jobs, the diagnostics and the ledger's health; the Redis cache when {@code ledger.redis.url}
 * is set; cron schedules for the jobs named under {@code ledger.jobs}. Every bean steps aside for
 * one of the same type the application defines.
 *
 * <p>Closing: Spring stops the job schedules first, then closes the {@code Ledger}, then the store
 * (its group-commit writers finish the postings already queued) and only then the pool the store
 * depends on.
 *
 * <p>A posting commits on the store's own connection: it does not join the caller's
 * {@code @Transactional} transaction.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(PostgresLedgerStore.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "ledger", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LedgerProperties.class)
public class LedgerAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public LedgerAutoConfiguration() {}

  /**
   * The store, migrating the schema first when {@code ledger.migrate} is on.
   *
   * @param dataSource the application's pool
   * @param properties the settings
   * @param metrics    the ledger's metrics, when a registry exists
   * @return the store
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(LedgerStore.class)
  public PostgresLedgerStore ledgerStore(DataSource dataSource, LedgerProperties properties,
      ObjectProvider<LedgerMetrics> metrics) {
    PostgresLedgerStore.Builder builder = PostgresLedgerStore.builder(dataSource).schema(properties.getSchema())
        .migrate(properties.isMigrate()).lockTimeout(properties.getLockTimeout())
        .statementTimeout(properties.getStatementTimeout()).writerThreads(properties.getWriterThreads());
    metrics.ifAvailable(m -> builder.observer(m.storeObserver()));
    return builder.build();
  }

  /**
   * The ledger, metered when a registry exists, with the application's posting rules and
   * listeners and the cache when there is one.
   *
   * @param store      the store
   * @param properties the settings
   * @param cache      the balance cache, if any
   * @param metrics    the ledger's metrics, if any
   * @param rules      the application's posting rules
   * @param listeners  the application's listeners
   * @return the ledger
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Ledger.class)
  public Ledger ledger(LedgerStore store, LedgerProperties properties, ObjectProvider<BalanceCache> cache,
      ObjectProvider<LedgerMetrics> metrics, ObjectProvider<PostingRule> rules,
      ObjectProvider<LedgerListener> listeners) {
    LedgerMetrics m = metrics.getIfAvailable();
    LedgerBuilder builder = Ledger.builder().store(store).zone(zone(properties));
    if (properties.getBackdatingWindow() != null) {
      builder.backdatingWindow(window(properties.getBackdatingWindow(), "ledger.backdating-window"));
    }
    if (properties.getFutureDatingWindow() != null) {
      builder.futureDatingWindow(window(properties.getFutureDatingWindow(), "ledger.future-dating-window"));
    }
    BalanceCache c = cache.getIfAvailable();
    if (c != null) {
      builder.balanceCache(m == null ? c : m.instrument(c));
    }
    rules.orderedStream().forEach(builder::rule);
    listeners.orderedStream().forEach(builder::listener);
    if (m != null) {
      builder.listener(m.listener());
    }
    Ledger ledger = builder.build();
    return m == null ? ledger : m.instrument(ledger);
  }

  /**
   * Every PostgreSQL job of the schema.
   *
   * @param dataSource the application's pool
   * @param properties the settings
   * @param ledger     the ledger, for the expiry of holds
   * @param store      its store
   * @param cache      the balance cache, dropped for accounts a recalculation corrects
   * @return the jobs
   */
  @Bean
  @ConditionalOnMissingBean
  public PostgresLedgerJobs ledgerJobs(DataSource dataSource, LedgerProperties properties, Ledger ledger,
      LedgerStore store, ObjectProvider<BalanceCache> cache) {
    PostgresLedgerJobs.Builder builder = PostgresLedgerJobs.builder(dataSource).schema(properties.getSchema())
        .zone(zone(properties)).ledger(ledger, store);
    cache.ifAvailable(builder::balanceCache);
    return builder.build();
  }

  /**
   * @param dataSource the application's pool
   * @param properties the settings
   * @return the schema's diagnostics
   */
  @Bean
  @ConditionalOnMissingBean
  public PostgresDiagnostics ledgerDiagnostics(DataSource dataSource, LedgerProperties properties) {
    return PostgresDiagnostics.builder(dataSource).schema(properties.getSchema()).zone(zone(properties)).build();
  }

  /**
   * The ledger's health: the database checks, and what each {@link LedgerHealthCustomizer} adds
   * (the Redis cache, when configured, as a non-essential component).
   *
   * @param diagnostics the diagnostics
   * @param customizers what the application and the other configurations add
   * @return the health
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LedgerHealth ledgerHealth(PostgresDiagnostics diagnostics, ObjectProvider<LedgerHealthCustomizer> customizers) {
    LedgerHealth.Builder builder = PostgresHealthChecks.builder(diagnostics).build().register(LedgerHealth.builder());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Runs the jobs that have a {@code ledger.jobs.<name>.cron}.
   *
   * @param jobs       the jobs
   * @param properties the settings
   * @param metrics    the ledger's metrics, if any: each run is metered
   * @param scheduler  the application's scheduler, if it has one
   * @param listeners  told of each balance monitor alert ({@code balance-monitors}), as the ledger's are
   * @return the schedules
   */
  @Bean
  @ConditionalOnMissingBean
  public LedgerJobSchedules ledgerJobSchedules(PostgresLedgerJobs jobs, LedgerProperties properties,
      ObjectProvider<LedgerMetrics> metrics, ObjectProvider<TaskScheduler> scheduler,
      ObjectProvider<LedgerListener> listeners) {
    Map<String, LedgerJob> byName = new java.util.LinkedHashMap<>(LedgerJobSchedules.jobsByName(jobs));
    LedgerJob monitors = jobs.balanceMonitors(listeners.orderedStream().toList());
    byName.put(monitors.name(), monitors);
    return new LedgerJobSchedules(byName, properties.getJobs(), zone(properties),
        metrics.getIfAvailable(), scheduler.getIfUnique());
  }

  private static Period window(Period window, String property) {
    if (window.isNegative()) {
      throw new InvalidRequestException(property, window, "must not be negative");
    }
    return window;
  }

  static ZoneId zone(LedgerProperties properties) {
    try {
      return ZoneId.of(properties.getZone());
    } catch (DateTimeException e) {
      throw new InvalidRequestException("ledger.zone", properties.getZone(), "is not a zone id such as Europe/Berlin", e);
    }
  }

  /** Posting in the caller's Spring transaction, when spring-jdbc is present and the store is PostgreSQL. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.jdbc.datasource.DataSourceUtils")
  static class CallerTransactions {

    /**
     * @param ledger     the ledger
     * @param store      the store
     * @param dataSource the application's data source
     * @return the ledger's postings in the current Spring transaction
     */
    @Bean
    @ConditionalOnMissingBean
    LedgerTransactions ledgerTransactions(Ledger ledger, LedgerStore store, DataSource dataSource) {
      return new LedgerTransactions(ledger, store, dataSource);
    }
  }

  /** The Redis cache, when {@code ledger-redis} is present and {@code ledger.redis.url} is set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RedisBalanceCache.class)
  @ConditionalOnProperty(prefix = "ledger.redis", name = "url")
  static class RedisCacheConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(BalanceCache.class)
    RedisBalanceCache ledgerBalanceCache(LedgerProperties properties) {
      return RedisBalanceCache.builder().redisUri(properties.getRedis().getUrl()).build();
    }

    @Bean
    LedgerHealthCustomizer ledgerCacheHealth(ObjectProvider<BalanceCache> cache) {
      return health -> {
        if (cache.getIfAvailable() instanceof RedisBalanceCache redis) {
          health.nonEssential("cache", RedisCacheHealthCheck.of(redis));
        }
      };
    }
  }
}
