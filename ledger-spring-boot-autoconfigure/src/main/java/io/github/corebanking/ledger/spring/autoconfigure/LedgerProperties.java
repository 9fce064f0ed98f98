package io.github.corebanking.ledger.spring.autoconfigure;

import java.time.Duration;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ledger.*} settings of a Spring Boot application.
 *
 * <pre>{@code
 * ledger.schema=ledger
 * ledger.migrate=true
 * ledger.zone=Europe/Berlin
 * ledger.backdating-window=31d
 * ledger.redis.url=redis://cache:6379
 * ledger.jobs.daily-balance-snapshot.cron=0 15 0 * * *
 * ledger.jobs.integrity-check.cron=0 0 3 * * *
 * }</pre>
 */
@ConfigurationProperties(prefix = "ledger")
public class LedgerProperties {

  /** Whether the ledger is configured at all. */
  private boolean enabled = true;

  /** The PostgreSQL schema that holds the ledger. */
  private String schema = "ledger";

  /**
   * Whether the ledger's migrations (and the loans', when that module is present) run at start;
   * they adopt a schema built by the application's own Flyway or Liquibase from the shipped
   * scripts. Turn off when the runtime role may not create tables.
   */
  private boolean migrate = true;

  /** The bank's zone, in which a business day runs (snapshots, the previous day). */
  private String zone = "UTC";

  /**
   * How far before today a posting's value date may be, such as {@code 31d} or {@code P1M}; unset:
   * no bound (closed periods still refuse their dates).
   */
  private @Nullable Period backdatingWindow;

  /** How far after today a posting's value date may be, such as {@code 7d}; unset: no bound. */
  private @Nullable Period futureDatingWindow;

  /** How long a posting waits for a row lock. */
  private Duration lockTimeout = Duration.ofSeconds(5);

  /** Longest statement of a posting transaction, and of a read. */
  private Duration statementTimeout = Duration.ofSeconds(30);

  /** Group-commit writer threads; 0 posts on the caller's thread. */
  private int writerThreads = 2;

  /** Redis cache settings. */
  private final Redis redis = new Redis();

  /** Health indicator settings. */
  private final Health health = new Health();

  /** Metrics settings. */
  private final Metrics metrics = new Metrics();

  /** Schedules of the maintenance jobs, by job name ({@code ensure-partitions}, ...). */
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  /** @return whether the ledger is configured */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether the ledger is configured */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** @return the schema */
  public String getSchema() {
    return schema;
  }

  /** @param schema the schema */
  public void setSchema(String schema) {
    this.schema = schema;
  }

  /** @return whether migrations run at start */
  public boolean isMigrate() {
    return migrate;
  }

  /** @param migrate whether migrations run at start */
  public void setMigrate(boolean migrate) {
    this.migrate = migrate;
  }

  /** @return how far before today a posting may be dated, or null for no bound */
  public @Nullable Period getBackdatingWindow() {
    return backdatingWindow;
  }

  /** @param backdatingWindow how far before today a posting may be dated; null for no bound */
  public void setBackdatingWindow(@Nullable Period backdatingWindow) {
    this.backdatingWindow = backdatingWindow;
  }

  /** @return how far after today a posting may be dated, or null for no bound */
  public @Nullable Period getFutureDatingWindow() {
    return futureDatingWindow;
  }

  /** @param futureDatingWindow how far after today a posting may be dated; null for no bound */
  public void setFutureDatingWindow(@Nullable Period futureDatingWindow) {
    this.futureDatingWindow = futureDatingWindow;
  }

  /** @return the bank's zone id */
  public String getZone() {
    return zone;
  }

  /** @param zone the bank's zone id, such as {@code Europe/Berlin} */
  public void setZone(String zone) {
    this.zone = zone;
  }

  /** @return the lock timeout */
  public Duration getLockTimeout() {
    return lockTimeout;
  }

  /** @param lockTimeout the lock timeout */
  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  /** @return the statement timeout */
  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  /** @param statementTimeout the statement timeout */
  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  /** @return the writer threads */
  public int getWriterThreads() {
    return writerThreads;
  }

  /** @param writerThreads the writer threads */
  public void setWriterThreads(int writerThreads) {
    this.writerThreads = writerThreads;
  }

  /** @return the Redis settings */
  public Redis getRedis() {
    return redis;
  }

  /** @return the health settings */
  public Health getHealth() {
    return health;
  }

  /** @return the metrics settings */
  public Metrics getMetrics() {
    return metrics;
  }

  /** @return the job schedules by job name */
  public Map<String, Job> getJobs() {
    return jobs;
  }

  /** Redis cache settings: the cache is built only when {@code url} is set. */
  public static class Redis {

    /** The Redis URI, such as {@code redis://cache:6379}; unset: no cache. */
    private @Nullable String url;

    /** @return the URI, or null */
    public @Nullable String getUrl() {
      return url;
    }

    /** @param url the URI */
    public void setUrl(@Nullable String url) {
      this.url = url;
    }
  }

  /** How the ledger's health shows in Actuator. */
  public static class Health {

    /**
     * The Actuator status code a DEGRADED ledger reports (the ledger works, something needs an
     * operator). Route it with {@code management.endpoint.health.status.order} and
     * {@code management.endpoint.health.status.http-mapping}.
     */
    private String degradedStatus = "DEGRADED";

    /** @return the status code of a DEGRADED ledger */
    public String getDegradedStatus() {
      return degradedStatus;
    }

    /** @param degradedStatus the status code of a DEGRADED ledger */
    public void setDegradedStatus(String degradedStatus) {
      this.degradedStatus = degradedStatus;
    }
  }

  /** Metrics on the application's {@code MeterRegistry}. */
  public static class Metrics {

    /** How old the database gauges (partitions, snapshots, jobs, tables) may get before a scrape refreshes them. */
    private Duration refresh = Duration.ofMinutes(1);

    /** @return the refresh period of the database gauges */
    public Duration getRefresh() {
      return refresh;
    }

    /** @param refresh the refresh period of the database gauges */
    public void setRefresh(Duration refresh) {
      this.refresh = refresh;
    }
  }

  /** One job's schedule. */
  public static class Job {

    /** A Spring cron expression (six fields, seconds first); unset: the job is not scheduled. */
    private @Nullable String cron;

    /** @return the cron expression, or null */
    public @Nullable String getCron() {
      return cron;
    }

    /** @param cron the cron expression */
    public void setCron(@Nullable String cron) {
      this.cron = cron;
    }
  }
}
