package io.github.corebanking.ledger.examples.start;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The first hour on PostgreSQL, as one program: a pool, the schema, two accounts, a posting, a
 * statement page and the jobs. docs/getting-started.md shows this file as it is.
 *
 * <p>Run it with {@code LEDGER_JDBC_URL} (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}) and optionally {@code LEDGER_SCHEMA}.
 */
public final class GettingStarted {

  private GettingStarted() {}

  /**
   * Runs the program.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    String url = System.getenv("LEDGER_JDBC_URL");
    if (url == null) {
      System.err.println("set LEDGER_JDBC_URL, for example jdbc:postgresql://127.0.0.1:5432/test?user=root");
      System.exit(2);
    }
    String schema = System.getenv().getOrDefault("LEDGER_SCHEMA", "ledger");
    run(url, schema);
  }

  /**
   * Opens two accounts, posts a deposit, reads a statement page and runs the jobs.
   *
   * @param jdbcUrl the database
   * @param schema  the ledger's schema (created when missing)
   * @return the closing balance of the deposits account
   */
  public static Money run(String jdbcUrl, String schema) {
    // 1. A pool. Group commit needs few connections: writer threads (2 by default) plus readers.
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(10);
    config.setPoolName("ledger");

    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      // 2. The schema: every node may call migrate at start; it takes a lock and applies what is missing.
      PostgresLedgerSchema.migrate(dataSource, schema);

      // 3. The store and the ledger. Closing the store drains postings in flight: close it before the pool.
      try (PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema)
              .lockTimeout(Duration.ofSeconds(2)).build();
          Ledger ledger = Ledger.builder().store(store).build()) {

        // 4. Accounts: a code is unique within the ledger, so look it up before opening it again.
        Account cash = ledger.accountByCode("1000").orElseGet(() -> ledger.openAccount(NewAccount.builder()
            .code("1000").name("Cash").type(AccountType.ASSET).currency(CurrencyUnit.USD).build()));
        Account deposits = ledger.accountByCode("2100").orElseGet(() -> ledger.openAccount(NewAccount.builder()
            .code("2100").name("Customer deposits").type(AccountType.LIABILITY).currency(CurrencyUnit.USD)
            .debitsMustNotExceedCredits(true).build()));

        // 5. A posting: the idempotency key (your request's own id) makes a retry return the original.
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ledger.post(PostingRequest.builder().idempotencyKey("deposit-" + UUID.randomUUID())
            .description("Cash deposit")
            .debit(cash.id(), Money.of("250.00", CurrencyUnit.USD))
            .credit(deposits.id(), Money.of("250.00", CurrencyUnit.USD))
            .build());

        // 6. A statement page: follow the cursor until there is no next page.
        Instant from = before.minus(1, ChronoUnit.DAYS);
        Instant to = Instant.now().plusSeconds(1);
        PageRequest page = PageRequest.first(50);
        while (true) {
          StatementPage statement = ledger.statement(deposits.id(), from, to, page);
          for (Entry e : statement.entries()) {
            System.out.printf("%s %s %s balance %s%n", e.postedAt(), e.side(), e.amount(), e.balanceAfter());
          }
          if (statement.next().isEmpty()) {
            break;
          }
          page = PageRequest.after(statement.next().get(), 50);
        }

        // 7. Jobs: each takes the schema's lock for its name, so any node may run it; the result says
        //    what it did. A snapshot of a day not yet ended is FAILED: its balances could still move.
        PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(store).ledger(ledger, store).build();
        JobResult partitions = jobs.ensurePartitions().run();
        JobResult yesterday = jobs.dailyBalanceSnapshot(LocalDate.now(ZoneOffset.UTC).minusDays(1)).run();
        JobResult today = jobs.dailyBalanceSnapshot(LocalDate.now(ZoneOffset.UTC)).run();
        JobResult integrity = jobs.integrityCheck().run();
        System.out.println(partitions + "\n" + yesterday + "\n" + today + "\n" + integrity);

        return ledger.balance(deposits.id()).posted();
      }
    }
  }
}
