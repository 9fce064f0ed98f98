package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One place to meter a ledger: a registry, common tags, and the decorators, listener and observer
 * that share them.
 *
 * <pre>{@code
 * LedgerMetrics metrics = LedgerMetrics.of(registry, Tags.of("ledger", "main"));
 * PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource)
 *     .observer(metrics.storeObserver()).build();
 * Ledger ledger = metrics.instrument(Ledger.builder().store(store)
 *     .balanceCache(metrics.instrument(cache))
 *     .listener(metrics.listener())
 *     .build());
 * PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(store).ledger(ledger, store).build();
 * LedgerJob snapshots = metrics.instrument(jobs.previousDayBalanceSnapshot());
 * metrics.bind(health, Duration.ofSeconds(15));
 * }</pre>
 *
 * <p>Meter names are listed on each class: {@link MeteredLedger}, {@link MeteredLedgerListener},
 * {@link MeteredJob}, {@link MeteredStoreObserver}, {@link MeteredBalanceCache},
 * {@link HealthMetrics}. Thread-safe.
 */
public final class LedgerMetrics {

  private final MeterRegistry registry;
  private final Tags tags;
  private final MeteredLedgerListener listener;
  private final MeteredStoreObserver observer;
  private final Map<String, JobStats> jobs = new ConcurrentHashMap<>();

  private LedgerMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.listener = new MeteredLedgerListener(registry, tags);
    this.observer = new MeteredStoreObserver(registry, tags);
  }

  /**
   * @param registry where the meters go: Prometheus, Datadog, New Relic or any Micrometer registry
   * @param tags     tags added to every meter, such as {@code ledger=main}
   * @return the metrics
   */
  public static LedgerMetrics of(MeterRegistry registry, Tags tags) {
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    return new LedgerMetrics(registry, tags);
  }

  /**
   * @param registry where the meters go
   * @return the metrics, without common tags
   */
  public static LedgerMetrics of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /** @return the registry */
  public MeterRegistry registry() {
    return registry;
  }

  /** @return the common tags */
  public Tags tags() {
    return tags;
  }

  /**
   * @param ledger a ledger
   * @return it, timed ({@link MeteredLedger})
   */
  public MeteredLedger instrument(Ledger ledger) {
    return MeteredLedger.wrap(ledger, registry, tags);
  }

  /**
   * @param job a job
   * @return it, recorded ({@link MeteredJob}); jobs of the same name share their meters
   */
  public MeteredJob instrument(LedgerJob job) {
    if (job == null) {
      throw new InvalidRequestException("job", null, "must not be null");
    }
    return new MeteredJob(job, jobs.computeIfAbsent(job.name(), name -> new JobStats(name, registry, tags)));
  }

  /**
   * @param cache a balance cache
   * @return it, counting hits and misses ({@link MeteredBalanceCache})
   */
  public MeteredBalanceCache instrument(BalanceCache cache) {
    return MeteredBalanceCache.wrap(cache, registry, tags);
  }

  /** @return the listener to register on the ledger's builder ({@link MeteredLedgerListener}) */
  public LedgerListener listener() {
    return listener;
  }

  /** @return the observer to hand to the store's builder ({@link MeteredStoreObserver}) */
  public StoreObserver storeObserver() {
    return observer;
  }

  /**
   * Publishes a health's answers as gauges ({@link HealthMetrics}).
   *
   * @param health  the health
   * @param refresh how long one report serves the gauges
   * @return the binding
   */
  public HealthMetrics bind(LedgerHealth health, Duration refresh) {
    return HealthMetrics.bind(health, registry, tags, refresh);
  }
}
