package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.micrometer.postgres.PostgresLedgerMetrics;
import io.github.corebanking.ledger.micrometer.redis.RedisCacheMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The ledger's meters on the application's {@link MeterRegistry} (Actuator's, with its common
 * tags): postings, retries and contention, jobs, the cache tiers, and gauges of partitions,
 * snapshots, integrity, jobs and table sizes read through {@link PostgresDiagnostics}, plus the
 * health of each component. Present when Micrometer is and the application has a registry.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"},
    before = LedgerAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, PostgresLedgerStore.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "ledger", name = "enabled", havingValue = "true", matchIfMissing = true)
public class LedgerMetricsAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public LedgerMetricsAutoConfiguration() {}

  /**
   * @param registry the application's registry
   * @return the ledger's metrics: the store's observer, the ledger's and the jobs' meters
   */
  @Bean
  @ConditionalOnMissingBean
  public LedgerMetrics ledgerMetrics(MeterRegistry registry) {
    return LedgerMetrics.of(registry, Tags.empty());
  }

  /**
   * The gauges that read the database, the health and the Redis cache's tiers, bound when the
   * registry is ready.
   *
   * @param metrics     the ledger's metrics
   * @param diagnostics the schema's diagnostics, if any
   * @param health      the ledger's health, if any
   * @param cache       the balance cache, if any
   * @param properties  the settings
   * @return the binder
   */
  @Bean
  public MeterBinder ledgerDatabaseMetrics(LedgerMetrics metrics, ObjectProvider<PostgresDiagnostics> diagnostics,
      ObjectProvider<LedgerHealth> health, ObjectProvider<BalanceCache> cache, LedgerProperties properties) {
    return registry -> {
      diagnostics.ifAvailable(d -> PostgresLedgerMetrics.bind(d, registry, Tags.empty(),
          properties.getMetrics().getRefresh()));
      health.ifAvailable(h -> metrics.bind(h, properties.getMetrics().getRefresh()));
      if (ClassUtils.isPresent("io.github.corebanking.ledger.redis.RedisBalanceCache",
          LedgerMetricsAutoConfiguration.class.getClassLoader())) {
        RedisMetrics.bind(cache.getIfAvailable(), registry);
      }
    };
  }

  /** Kept apart so that nothing loads the Redis classes when {@code ledger-redis} is absent. */
  private static final class RedisMetrics {
    static void bind(Object cache, MeterRegistry registry) {
      if (cache instanceof RedisBalanceCache redis) {
        RedisCacheMetrics.bind(redis, registry, Tags.empty());
      }
    }
  }
}
