package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.postgres.loan.PostgresLoanSchema;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import io.github.corebanking.ledger.redis.CacheHealth;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The library objects of one run, each made when a command first needs it and closed at the end:
 * the database (one connection per use: a command line holds no pool), the store, the ledger, the
 * jobs ({@link PostgresLedgerJobs}, the one factory of every PostgreSQL job), the diagnostics and,
 * when a Redis URL is given, the balance cache.
 */
final class Session implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final Settings settings;
  private final Clock clock = Clock.systemUTC();
  private @Nullable PGSimpleDataSource dataSource;
  private @Nullable PostgresLedgerStore store;
  private @Nullable Ledger ledger;
  private @Nullable PostgresLedgerJobs jobs;
  private @Nullable PostgresDiagnostics diagnostics;
  private @Nullable RedisBalanceCache cache;
  private boolean cacheTried;

  Session(Settings settings) {
    this.settings = settings;
  }

  String schema() {
    return settings.schema();
  }

  ZoneId zone() {
    return settings.zone();
  }

  Clock clock() {
    return clock;
  }

  /**
   * @return the database, after one connection proved it answers
   * @throws CannotConnectException when no URL was given, or the server cannot be reached or
   *                                refuses the login
   */
  DataSource dataSource() {
    if (dataSource != null) {
      return dataSource;
    }
    String url = settings.jdbcUrl();
    if (url == null || url.isBlank()) {
      throw new CannotConnectException("no database given: set --jdbc-url or LEDGER_JDBC_URL, "
          + "for example jdbc:postgresql://127.0.0.1:5432/test?user=root");
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    try {
      ds.setURL(url);
    } catch (IllegalArgumentException e) {
      throw new CannotConnectException("--jdbc-url is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
          + Secrets.redactUrls(url));
    }
    if (settings.password() != null) {
      ds.setPassword(settings.password());
    }
    ds.setApplicationName("ledger-cli");
    ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    try (Connection c = ds.getConnection()) {
      c.isValid(CONNECT_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      // The URL goes last: a URL's password runs to the end of a query value, whatever follows it.
      throw new CannotConnectException("cannot connect to PostgreSQL: " + e.getMessage() + "; URL "
          + Secrets.redactUrls(url), e);
    }
    dataSource = ds;
    return ds;
  }

  PostgresLedgerStore store() {
    if (store == null) {
      // The command line posts nothing but the voids of expire-holds: no group-commit writers.
      store = PostgresLedgerStore.builder(dataSource()).schema(schema()).writerThreads(0).build();
    }
    return store;
  }

  Ledger ledger() {
    if (ledger == null) {
      var builder = Ledger.builder().store(store()).clock(clock).zone(zone());
      cache().ifPresent(builder::balanceCache);
      ledger = builder.build();
    }
    return ledger;
  }

  PostgresLedgerJobs jobs() {
    if (jobs == null) {
      PostgresLedgerJobs.Builder b = PostgresLedgerJobs.builder(store()).clock(clock).zone(zone())
          .ledger(ledger(), store());
      cache().ifPresent(b::balanceCache);
      jobs = b.build();
    }
    return jobs;
  }

  PostgresDiagnostics diagnostics() {
    if (diagnostics == null) {
      diagnostics = PostgresDiagnostics.builder(dataSource()).schema(schema()).clock(clock).zone(zone()).build();
    }
    return diagnostics;
  }

  /** @return whether the schema holds ledger-loans' tables (the loan-aging job needs them) */
  boolean hasLoanTables() {
    return PostgresLoanSchema.currentVersion(dataSource(), schema()) > 0;
  }

  RefreshLoanAgingJob loanAging() {
    return RefreshLoanAgingJob.builder(dataSource()).schema(schema()).clock(clock).zone(zone()).build();
  }

  /** @return the balance cache when a Redis URL was given */
  Optional<RedisBalanceCache> cache() {
    if (!cacheTried) {
      cacheTried = true;
      String url = settings.redisUrl();
      if (url != null && !url.isBlank()) {
        cache = RedisBalanceCache.builder().redisUri(url).keyPrefix(settings.redisKeyPrefix())
            .commandTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(5)).build();
      }
    }
    return Optional.ofNullable(cache);
  }

  /**
   * @return the balance cache, connected to Redis
   * @throws CannotConnectException when no Redis URL was given or Redis is not usable
   */
  RedisBalanceCache connectedCache() {
    RedisBalanceCache c = cache().orElseThrow(() -> new CannotConnectException(
        "no Redis given: set --redis-url or LEDGER_REDIS_URL, for example redis://127.0.0.1:6379"));
    CacheHealth health = c.health();
    if (health.status() != CacheHealth.Status.UP) {
      throw new CannotConnectException("Redis at " + Secrets.redactUrls(settings.redisUrl()) + " is not usable ("
          + health.status() + "): " + health.reason());
    }
    return c;
  }

  @Override
  public void close() {
    try {
      if (ledger != null) {
        ledger.close();
      }
      if (store != null) {
        store.close();
      }
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
  }
}
