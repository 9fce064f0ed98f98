package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, migrated ledger schema on the test server with a cash account (1000) and a deposits
 * account (2100) that took three deposits, and the command line run against it in process. The
 * environment carries a password that must never be printed. Dropped by {@link #close()}.
 */
final class TestLedger implements AutoCloseable {

  /** The password every run gets in LEDGER_JDBC_PASSWORD; the test server trusts local logins and ignores it. */
  static final String PASSWORD = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  final String jdbcUrl = TestServices.postgresJdbcUrl();
  final String schema = TestServices.freshSchemaName("cli");
  final PGSimpleDataSource dataSource = new PGSimpleDataSource();
  final Map<String, String> env = new HashMap<>();

  TestLedger() {
    dataSource.setURL(jdbcUrl);
    PostgresLedgerSchema.migrate(dataSource, schema);
    env.put("LEDGER_JDBC_URL", jdbcUrl);
    env.put("LEDGER_SCHEMA", schema);
    env.put("LEDGER_JDBC_PASSWORD", PASSWORD);
  }

  /** Opens 1000 Cash and 2100 Customer deposits and books three deposits of 100.00 USD. */
  TestLedger withDeposits() {
    try (PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).writerThreads(0).build();
        Ledger ledger = Ledger.builder().store(store).build()) {
      Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
          .currency(CurrencyUnit.USD).build());
      Account deposits = ledger.openAccount(NewAccount.builder().code("2100").name("Customer deposits")
          .type(AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
      for (int i = 1; i <= 3; i++) {
        ledger.post(PostingRequest.builder().idempotencyKey("deposit-" + i).description("Cash deposit " + i)
            .debit(cash.id(), Money.of("100.00", CurrencyUnit.USD))
            .credit(deposits.id(), Money.of("100.00", CurrencyUnit.USD)).build());
      }
    }
    return this;
  }

  /** Books a deposit of {@code amount} USD into 2100 at the instant given. */
  void depositAt(String key, String amount, Instant at) {
    try (PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).writerThreads(0).build();
        Ledger ledger = Ledger.builder().store(store).clock(Clock.fixed(at, ZoneOffset.UTC)).build()) {
      ledger.post(PostingRequest.builder().idempotencyKey(key).description("Cash deposit")
          .debit(ledger.accountByCode("1000").orElseThrow().id(), Money.of(amount, CurrencyUnit.USD))
          .credit(ledger.accountByCode("2100").orElseThrow().id(), Money.of(amount, CurrencyUnit.USD)).build());
    }
  }

  /** Someone "fixed" the deposits account's balance by hand: its counters no longer match its entries. */
  void plantCounterDamage() {
    sql("UPDATE " + PostgresLedgerSchema.quotedSchema(schema)
        + ".accounts SET posted_credits = posted_credits + 50000 WHERE code = '2100'");
  }

  void sql(String statement) {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  Run cli(String... args) {
    return cli(false, args);
  }

  Run cli(boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LedgerCli.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true), terminal);
    return new Run(code, out.toString(), err.toString());
  }

  @Override
  public void close() {
    TestServices.dropSchema(jdbcUrl, schema);
  }
}
