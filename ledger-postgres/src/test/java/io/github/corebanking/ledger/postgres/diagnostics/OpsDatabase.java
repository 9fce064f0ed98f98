package io.github.corebanking.ledger.postgres.diagnostics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh, migrated schema with a ledger, its jobs and its diagnostics, all on one mutable clock.
 * {@link #close()} drops the schema.
 */
final class OpsDatabase implements AutoCloseable {

  final String jdbcUrl;
  final String schema;
  final HikariDataSource dataSource;
  final MutableClock clock;
  final PostgresLedgerStore store;
  final Ledger ledger;
  final PostgresLedgerJobs jobs;
  final PostgresDiagnostics diagnostics;
  /** Plain access for seeding and for breaking things on purpose. */
  final Jdbi sql;
  private final AtomicInteger keys = new AtomicInteger();

  OpsDatabase(String prefix, Instant start) {
    jdbcUrl = TestServices.postgresJdbcUrl();
    schema = TestServices.freshSchemaName(prefix);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(6);
    config.setMinimumIdle(0);
    config.setPoolName(schema);
    dataSource = new HikariDataSource(config);
    PostgresLedgerSchema.migrate(dataSource, schema);
    clock = MutableClock.at(start);
    store = PostgresLedgerStore.builder(dataSource).schema(schema).lockTimeout(Duration.ofSeconds(2)).build();
    ledger = Ledger.builder().store(store).clock(clock).build();
    jobs = PostgresLedgerJobs.builder(store).clock(clock).build();
    diagnostics = PostgresDiagnostics.builder(store).clock(clock).build();
    sql = Jdbi.create(dataSource).define("schema", PostgresLedgerSchema.quotedSchema(schema));
  }

  Account open(String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  Transaction transfer(Account debit, Account credit, long minor) {
    return ledger.post(PostingRequest.builder().idempotencyKey("k-" + keys.incrementAndGet()).description("transfer")
        .debit(debit.id(), Money.ofMinor(minor, CurrencyUnit.USD))
        .credit(credit.id(), Money.ofMinor(minor, CurrencyUnit.USD)).build());
  }

  /** Records a job run as a job would, for histories the test needs. */
  void recordRun(String job, String status, Instant startedAt, String countsJson, String message) {
    sql.useHandle(h -> h.createUpdate("""
            INSERT INTO <schema>.job_runs (job_name, status, started_at, duration_ms, counts, message)
            VALUES (:job, :status, :startedAt, 5, CAST(:counts AS jsonb), :message)
            """)
        .bind("job", job).bind("status", status).bind("startedAt", startedAt).bind("counts", countsJson)
        .bind("message", message).execute());
  }

  @Override
  public void close() {
    try {
      ledger.close();
      store.close();
    } finally {
      dataSource.close();
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }
}
