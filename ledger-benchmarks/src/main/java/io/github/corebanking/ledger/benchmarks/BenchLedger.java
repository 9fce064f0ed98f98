package io.github.corebanking.ledger.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The ledger a benchmark drives: over a fresh PostgreSQL schema (created, migrated, and dropped on
 * close unless kept) or over the in-memory store.
 */
final class BenchLedger implements AutoCloseable {

  final LedgerStore store;
  final Ledger ledger;
  final @Nullable PostgresLedgerJobs jobs;
  /** Database transactions the store retried after contention (serialization failures, deadlocks). */
  final LongAdder storeRetries = new LongAdder();
  private final @Nullable HikariDataSource dataSource;
  private final LoadOptions options;
  private final @Nullable Thread dropOnExit;

  /**
   * @param options the flags
   * @param clock   the ledger's clock (booking instants); jobs run on the system clock
   */
  BenchLedger(LoadOptions options, Clock clock) {
    this.options = options;
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
    ledger = Ledger.builder().store(store).clock(clock).build();
  }

  /** @return the PostgreSQL store's group-commit counters; zeros for the in-memory store */
  PostgresLedgerStore.GroupCommitStats groupCommitStats() {
    return store instanceof PostgresLedgerStore pg ? pg.groupCommitStats()
        : new PostgresLedgerStore.GroupCommitStats(0, 0, 0, 0);
  }

  /** @return the PostgreSQL store's planning counters; zeros for the in-memory store */
  PostgresLedgerStore.PlanningStats planningStats() {
    return store instanceof PostgresLedgerStore pg ? pg.planningStats() : new PostgresLedgerStore.PlanningStats(0, 0, 0, 0);
  }

  String describe() {
    return options.inMemory() ? "in-memory" : "postgres schema " + options.schema();
  }

  @Override
  public void close() {
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
  }

  private static void dropSchema(HikariDataSource dataSource, String schema) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PostgresLedgerSchema.quotedSchema(schema) + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }
}
