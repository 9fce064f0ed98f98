package io.github.corebanking.ledger.postgres.jobs;

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
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * One fresh schema with a ledger over the PostgreSQL store and its jobs, for one test class.
 * {@link #close()} drops the schema.
 */
final class JobsDatabase implements AutoCloseable {

  final String jdbcUrl;
  final String schema;
  final HikariDataSource dataSource;
  final MutableClock clock;
  final PostgresLedgerStore store;
  final Ledger ledger;
  final PostgresLedgerJobs jobs;
  /** Plain access for assertions and for corrupting data on purpose; the schema is on the search path. */
  final Jdbi sql;
  private final AtomicInteger keys = new AtomicInteger();

  JobsDatabase(String prefix, Instant start) {
    this(prefix, start, ZoneId.of("UTC"));
  }

  JobsDatabase(String prefix, Instant start, ZoneId zone) {
    jdbcUrl = TestServices.postgresJdbcUrl();
    schema = TestServices.freshSchemaName(prefix);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(8);
    config.setPoolName(schema);
    dataSource = new HikariDataSource(config);
    PostgresLedgerSchema.migrate(dataSource, schema);
    clock = MutableClock.at(start);
    store = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    ledger = Ledger.builder().store(store).clock(clock).zone(zone).build();
    jobs = PostgresLedgerJobs.builder(store).clock(clock).zone(zone).ledger(ledger, store).build();
    sql = Jdbi.create(dataSource).define("schema", PostgresLedgerSchema.quotedSchema(schema));
  }

  Account open(String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  /** Posts a transfer of {@code minor} cents, debiting one account and crediting the other. */
  Transaction transfer(Account debit, Account credit, long minor) {
    return ledger.post(PostingRequest.builder().idempotencyKey("k-" + keys.incrementAndGet()).description("transfer")
        .debit(debit.id(), Money.ofMinor(minor, CurrencyUnit.USD))
        .credit(credit.id(), Money.ofMinor(minor, CurrencyUnit.USD)).build());
  }

  /** The statuses recorded in job_runs for a job, oldest first. */
  List<String> recordedRuns(String job) {
    return sql.withHandle(h -> h.createQuery("SELECT status FROM <schema>.job_runs WHERE job_name = :job ORDER BY id")
        .bind("job", job).mapTo(String.class).list());
  }

  /** The value of one count recorded with the latest run of a job. */
  long lastRecordedCount(String job, String count) {
    return sql.withHandle(h -> h.createQuery("""
        SELECT CAST(counts ->> :count AS bigint) FROM <schema>.job_runs WHERE job_name = :job ORDER BY id DESC LIMIT 1
        """).bind("job", job).bind("count", count).mapTo(Long.class).one());
  }

  /** An account's posted debits, credits and last version, summed from its entries up to an instant. */
  Counters fromEntries(Account account, Instant upTo) {
    return sql.withHandle(h -> h.createQuery("""
        SELECT CAST(coalesce(sum(amount) FILTER (WHERE side = 'DEBIT'), 0) AS bigint),
               CAST(coalesce(sum(amount) FILTER (WHERE side = 'CREDIT'), 0) AS bigint),
               coalesce(max(account_version), 0)
        FROM <schema>.entries WHERE account_id = :a AND NOT pending AND posted_at <= :t
        """).bind("a", account.id().value()).bind("t", java.time.OffsetDateTime.ofInstant(upTo, java.time.ZoneOffset.UTC))
        .map((rs, ctx) -> new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one());
  }

  /** An account's snapshot of a day, if there is one. */
  java.util.Optional<Snapshot> snapshot(Account account, java.time.LocalDate date) {
    return sql.withHandle(h -> h.createQuery("""
        SELECT as_of, posted_debits, posted_credits, account_version
        FROM <schema>.balance_snapshots WHERE account_id = :a AND snapshot_date = :d
        """).bind("a", account.id().value()).bind("d", date)
        .map((rs, ctx) -> new Snapshot(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
            new Counters(rs.getLong(2), rs.getLong(3), rs.getLong(4)))).findOne());
  }

  /** Posted debits, credits and version. */
  record Counters(long debits, long credits, long version) {}

  /** A snapshot row. */
  record Snapshot(Instant asOf, Counters counters) {}

  @Override
  public void close() {
    try {
      ledger.close();
      store.close();
      dataSource.close();
    } finally {
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }
}
