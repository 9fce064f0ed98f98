package io.github.corebanking.ledger.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay on a PostgreSQL ledger with its position in PostgreSQL: a new relay instance, on new
 * connections, resumes where the last one stored its position.
 */
class PostgresPositionStoreTest {

  private static String jdbcUrl;
  private static String schema;
  private static final String role = TestServices.freshSchemaName("relay_app");

  @BeforeAll
  static void freshSchema() {
    jdbcUrl = TestServices.postgresJdbcUrl();
    schema = TestServices.freshSchemaName("relay");
  }

  @AfterAll
  static void dropSchema() {
    if (schema != null) {
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }

  private static HikariDataSource pool(String name) {
    return pool(name, null);
  }

  /** A pool as the test server's user, or as {@code role} (trust authentication). */
  private static HikariDataSource pool(String name, String role) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(role == null ? jdbcUrl : jdbcUrl.contains("user=") ? jdbcUrl.replaceAll("user=[^&]*", "user=" + role)
        : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "user=" + role);
    config.setPoolName(name);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    return new HikariDataSource(config);
  }

  private static void transfer(Ledger ledger, Account from, Account to, String key) {
    Money amount = Money.of("1.00", CurrencyUnit.USD);
    ledger.post(PostingRequest.builder().idempotencyKey(key).description("transfer " + key)
        .debit(to.id(), amount).credit(from.id(), amount).build());
  }

  private static ChangeFeedRelay relay(Ledger ledger, Broker broker, PositionStore positions) throws Exception {
    return ChangeFeedRelay.builder().ledger(ledger).ledgerName("pg").connectionFactory(broker.relayConnections())
        .exchange(broker.exchange).positions(positions).batchSize(2)
        .retry(2, Duration.ofMillis(10), Duration.ofMillis(10)).build();
  }

  private static List<String> ids(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(p -> "pg:" + p).toList();
  }

  @Test
  void aNewRelayResumesFromThePositionStoredInPostgres() throws Exception {
    try (HikariDataSource ledgerPool = pool("relay-ledger"); Broker broker = new Broker().bind("#")) {
      PostgresLedgerSchema.migrate(ledgerPool, schema);
      try (PostgresLedgerStore store = PostgresLedgerStore.builder(ledgerPool).schema(schema).build();
          Ledger ledger = Ledger.builder().store(store).build()) {
        Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
            .currency(CurrencyUnit.USD).build());
        Account deposits = ledger.openAccount(NewAccount.builder().code("2000").name("Deposits")
            .type(AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
        for (int i = 1; i <= 3; i++) {
          transfer(ledger, deposits, cash, "before-" + i);
        }

        try (HikariDataSource relayPool = pool("relay-positions-1");
            ChangeFeedRelay first = relay(ledger, broker, PostgresPositionStore.create(relayPool, schema, "pg-to-test"))) {
          assertThat(first.runOnce()).isEqualTo(2);
          assertThat(first.runOnce()).isEqualTo(1);
          assertThat(first.runOnce()).isZero();
        }
        transfer(ledger, deposits, cash, "after-1");
        transfer(ledger, deposits, cash, "after-2");

        try (HikariDataSource relayPool = pool("relay-positions-2")) {
          PostgresPositionStore positions = PostgresPositionStore.create(relayPool, schema, "pg-to-test");
          assertThat(positions.load()).as("the first relay's position, read by a new instance").isEqualTo(3);
          assertThat(PostgresPositionStore.create(relayPool, schema, "another-relay").load())
              .as("each relay has a row of its own").isZero();
          try (ChangeFeedRelay second = relay(ledger, broker, positions)) {
            assertThat(second.runOnce()).isEqualTo(2);
            assertThat(second.runOnce()).isZero();
          }
          assertThat(positions.load()).isEqualTo(5);

          positions.save(4);
          assertThat(positions.load()).as("a stale save never moves the position back").isEqualTo(5);

          try (Connection c = relayPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
            s.execute("GRANT USAGE ON SCHEMA \"" + schema + "\" TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE ON \"" + schema + "\".change_feed_relay_positions TO " + role);
          }
          try (HikariDataSource asRole = pool("relay-positions-as-role", role)) {
            PostgresPositionStore limited = PostgresPositionStore.create(asRole, schema, "pg-to-test");
            assertThat(limited.load()).as("a role that may not create tables opens the existing table").isEqualTo(5);
            limited.save(6);
            assertThat(positions.load()).isEqualTo(6);
          } finally {
            try (Connection c = relayPool.getConnection(); Statement s = c.createStatement()) {
              s.execute("DROP OWNED BY " + role);
              s.execute("DROP ROLE " + role);
            }
          }
        }
        assertThat(broker.drain().stream().map(Broker.Message::id))
            .as("every change once: the second relay started after the stored position").containsExactlyElementsOf(ids(1, 5));
      }
    }
  }
}
