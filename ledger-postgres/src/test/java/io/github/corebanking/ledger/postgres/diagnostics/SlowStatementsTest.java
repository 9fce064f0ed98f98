package io.github.corebanking.ledger.postgres.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pg_stat_statements} needs a server started with it preloaded, which the shared test
 * server is not: this class starts its own, private one.
 */
class SlowStatementsTest {

  private static PrivateServer server;
  private static HikariDataSource dataSource;
  private static PostgresDiagnostics diagnostics;

  @BeforeAll
  static void startServer() throws Exception {
    server = PrivateServer.start("shared_preload_libraries=pg_stat_statements");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setMaximumPoolSize(4);
    dataSource = new HikariDataSource(config);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION pg_stat_statements");
    }
    PostgresLedgerSchema.migrate(dataSource, "ledger");
    try (PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema("ledger").build();
        Ledger ledger = Ledger.builder().store(store).build()) {
      var cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
          .currency(CurrencyUnit.USD).build());
      var equity = ledger.openAccount(NewAccount.builder().code("3000").name("Equity").type(AccountType.EQUITY)
          .currency(CurrencyUnit.USD).build());
      for (int i = 0; i < 30; i++) {
        ledger.post(PostingRequest.builder().idempotencyKey("k-" + i).description("capital")
            .debit(cash.id(), Money.ofMinor(100 + i, CurrencyUnit.USD))
            .credit(equity.id(), Money.ofMinor(100 + i, CurrencyUnit.USD)).build());
        ledger.balance(cash.id());
      }
    }
    diagnostics = PostgresDiagnostics.builder(dataSource).schema("ledger").build();
  }

  @AfterAll
  static void stopServer() {
    if (dataSource != null) {
      dataSource.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theStatementsThatTookMostTimeComeFirst() {
    List<SlowStatement> statements = diagnostics.slowStatements(10, SlowStatement.Order.TOTAL_TIME);

    assertThat(statements).hasSize(10);
    assertThat(statements).isSortedAccordingTo((a, b) -> b.totalTime().compareTo(a.totalTime()));
    assertThat(statements).allSatisfy(s -> {
      assertThat(s.calls()).isPositive();
      assertThat(s.query()).isNotBlank();
      assertThat(s.cacheHitRatio()).isBetween(0.0, 1.0);
      assertThat(s.meanTime()).isLessThanOrEqualTo(s.maxTime());
    });
  }

  @Test
  void theSlowestPerCallComeFirstAndTheLedgersOwnStatementsAreAmongThem() {
    List<SlowStatement> statements = diagnostics.slowStatements(1000, SlowStatement.Order.MEAN_TIME);

    assertThat(statements).isSortedAccordingTo((a, b) -> b.meanTime().compareTo(a.meanTime()));
    assertThat(statements).anySatisfy(s -> {
      assertThat(s.query()).containsIgnoringCase("\"ledger\".accounts");
      assertThat(s.calls()).isGreaterThanOrEqualTo(30);
    });
  }
}
