package io.github.corebanking.ledger.examples.ops;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.jobs.AnalyzeJob;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;

/**
 * What one application node runs: a connection pool, the PostgreSQL store, the ledger, the jobs,
 * the diagnostics and the meters, all on one schema. Several nodes (processes, or in these
 * examples several instances in one process) share the schema.
 */
final class LedgerNode implements AutoCloseable {

  final String name;
  final String schema;
  final ZoneId zone;
  final Clock clock;
  final HikariDataSource dataSource;
  final PostgresLedgerStore store;
  final Ledger ledger;
  final PostgresLedgerJobs jobs;
  final PostgresDiagnostics diagnostics;
  final LedgerMetrics metrics;

  private LedgerNode(String name, String jdbcUrl, String schema, Clock clock, ZoneId zone, LedgerMetrics metrics) {
    this.name = name;
    this.schema = schema;
    this.zone = zone;
    this.clock = clock;
    this.metrics = metrics;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("ledger-" + name);
    config.setMaximumPoolSize(6);
    config.setMinimumIdle(0);
    config.addDataSourceProperty("ApplicationName", "ledger-" + name);
    this.dataSource = new HikariDataSource(config);
    this.store = PostgresLedgerStore.builder(dataSource).schema(schema)
        .lockTimeout(Duration.ofSeconds(2)).statementTimeout(Duration.ofSeconds(30))
        .observer(metrics.storeObserver())
        .build();
    this.ledger = metrics.instrument(Ledger.builder().store(store).clock(clock).zone(zone)
        .listener(metrics.listener()).build());
    this.jobs = PostgresLedgerJobs.builder(store).clock(clock).zone(zone).ledger(ledger, store).build();
    this.diagnostics = PostgresDiagnostics.builder(store).clock(clock).zone(zone).build();
  }

  /**
   * Starts a node; the schema must be migrated ({@link #migrate}).
   *
   * @param name    the node's name, for pools and logs
   * @param jdbcUrl the database
   * @param schema  the ledger's schema
   * @param clock   the node's clock
   * @param zone    the bank's zone
   * @param metrics where the node's meters go
   * @return the node
   */
  static LedgerNode start(String name, String jdbcUrl, String schema, Clock clock, ZoneId zone, LedgerMetrics metrics) {
    return new LedgerNode(name, jdbcUrl, schema, clock, zone, metrics);
  }

  /**
   * Applies the ledger's and the loan book's migrations in one call (the loan module is found on the
   * classpath); idempotent, safe from many nodes.
   *
   * @param dataSource a pool whose role may create tables
   * @param schema     the ledger's schema
   */
  static void migrate(DataSource dataSource, String schema) {
    PostgresLedgerSchema.migrate(dataSource, schema);
  }

  /** @return the loan-aging refresh job of this node */
  RefreshLoanAgingJob loanAging() {
    return RefreshLoanAgingJob.builder(dataSource).schema(schema).clock(clock).zone(zone).build();
  }

  /** @return the weekly ANALYZE job of this node (its pool's role owns the tables) */
  AnalyzeJob analyze() {
    return jobs.analyze();
  }

  /**
   * The operations guide's schedule, every job wrapped in its meters. Documented in
   * docs/operations.md ("The job schedule"); none of it is built into the library.
   *
   * @return the jobs and when they run, in the bank's zone
   */
  List<ScheduledJob> guideSchedule() {
    return List.of(
        new ScheduledJob(metrics.instrument(jobs.ensurePartitions()), Schedule.monthly(1, LocalTime.of(1, 0)),
            "next months' entries partitions exist before a posting needs them"),
        new ScheduledJob(metrics.instrument(jobs.previousDayBalanceSnapshot()), Schedule.daily(LocalTime.of(2, 0)),
            "yesterday's balance snapshots, after postings in flight at midnight have landed"),
        new ScheduledJob(metrics.instrument(jobs.integrityCheck()), Schedule.daily(LocalTime.of(3, 0)),
            "trial balance, balanced transactions, counters and snapshots against entries"),
        new ScheduledJob(metrics.instrument(loanAging()), Schedule.hourly(0),
            "the loan-aging view, so aging reports read it instead of every loan"),
        new ScheduledJob(metrics.instrument(jobs.expireHolds()), Schedule.hourly(30),
            "voids holds whose expiry passed"),
        new ScheduledJob(metrics.instrument(analyze()), Schedule.weekly(DayOfWeek.SUNDAY, LocalTime.of(4, 0)),
            "fresh planner statistics after a week of postings"),
        new ScheduledJob(metrics.instrument(jobs.snapshotRetention(Period.ofMonths(13))),
            Schedule.daily(LocalTime.of(5, 0)), "archives snapshots older than 13 months, keeping month ends"),
        new ScheduledJob(metrics.instrument(jobs.jobRunsRetention()), Schedule.daily(LocalTime.of(5, 30)),
            "keeps job_runs to 90 days, other nodes' skipped runs to one"));
  }

  @Override
  public void close() {
    try {
      ledger.close();
      store.close();
    } finally {
      dataSource.close();
    }
  }
}
