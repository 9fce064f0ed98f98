package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Period close on PostgreSQL beyond the contract: two ledger nodes on one schema, each planning
 * from the states and the closed-through date it remembers, and the database refusing a
 * transaction dated in a closed period or a hand-made change of the closures, whatever the role.
 */
class PeriodCloseTest {

  private static final LocalDate APRIL_30 = LocalDate.parse("2026-04-30");

  private HikariDataSource owner;
  private HikariDataSource runtime;
  private String schema;
  private String role;
  private Ledger nodeA;
  private Ledger nodeB;
  private Account cash;
  private Account capital;

  @BeforeEach
  void start() throws SQLException {
    owner = PgTestSupport.pool("periods-owner", 2);
    schema = TestServices.freshSchemaName("periods");
    role = TestServices.freshSchemaName("ledger_periods");
    PostgresLedgerSchema.migrate(owner, schema);
    PgTestSupport.createRuntimeRole(owner, schema, role);
    runtime = PgTestSupport.poolAs(role, 4);
    MutableClock clock = MutableClock.at("2026-05-05T08:00:00Z");
    nodeA = Ledger.builder().store(PostgresLedgerStore.builder(runtime).schema(schema).build()).clock(clock)
        .closeStoreOnClose(true).build();
    nodeB = Ledger.builder().store(PostgresLedgerStore.builder(runtime).schema(schema).build()).clock(clock)
        .closeStoreOnClose(true).build();
    cash = open(nodeA, "1000", AccountType.ASSET, false);
    capital = open(nodeA, "3000", AccountType.EQUITY, false);
  }

  @AfterEach
  void stop() throws SQLException {
    nodeA.close();
    nodeB.close();
    runtime.close();
    PgTestSupport.drop(schema);
    PgTestSupport.dropRole(owner, role);
    owner.close();
  }

  private PostingRequest dated(String key, LocalDate date) {
    Money amount = Money.ofMinor(100, cash.currency());
    return PostingRequest.builder().idempotencyKey(key).description("dated " + key).debit(cash.id(), amount)
        .credit(capital.id(), amount).effectiveDate(date).build();
  }

  @Test
  void aNodeThatRemembersAnOlderCloseIsCorrectedByTheDatabaseBothWays() {
    // Both nodes post, so that both plan from remembered states and a remembered closed-through date.
    nodeA.post(dated("a-1", APRIL_30));
    nodeB.post(dated("b-1", APRIL_30));
    nodeB.post(dated("b-2", APRIL_30.plusDays(1)));

    nodeA.closePeriod(APRIL_30, Map.of("closedBy", "node A"));

    assertThatThrownBy(() -> nodeB.post(dated("b-late", APRIL_30)))
        .isInstanceOfSatisfying(PeriodClosedException.class, e -> {
          assertThat(e.field()).isEqualTo("effectiveDate");
          assertThat(e.closedThrough()).isEqualTo(APRIL_30);
        });
    assertThat(nodeB.transactionByKey("b-late")).isEmpty();
    List<Transaction> booked = nodeB.postAll(List.of(dated("b-3", APRIL_30.plusDays(1))));
    assertThat(booked.get(0).replayed()).isFalse();

    nodeA.reopenPeriod(APRIL_30, Map.of("reopenedBy", "node A", "reason", "late invoice"));

    // Node B still remembers the close; the database's closures decide.
    assertThat(nodeB.post(dated("b-reopened", APRIL_30)).effectiveDate()).isEqualTo(APRIL_30);
    assertThat(nodeB.closedThrough()).isEmpty();
    assertThat(nodeA.balance(cash.id()).postedDebits()).isEqualTo(500);
    assertThat(nodeA.checkIntegrity().ok()).isTrue();
  }

  @Test
  void theDatabaseRefusesATransactionInAClosedPeriodAndHandMadeChangesOfTheClosures() throws SQLException {
    nodeA.closePeriod(APRIL_30, Map.of("closedBy", "controller"));

    // Even the owner, writing a transaction by hand, is refused by the trigger.
    assertThatThrownBy(() -> execute(owner, "INSERT INTO " + q() + ".transactions (id, idempotency_key, request_hash, "
        + "description, effective_date, posted_at, status) VALUES (gen_random_uuid(), 'by-hand', 'x', 'by hand', "
        + "date '2026-04-30', now(), 'POSTED')"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("LG003");
          assertThat(e.getMessage()).contains("closed through 2026-04-30");
        });
    for (String sql : List.of("DELETE FROM " + q() + ".period_closures",
        "UPDATE " + q() + ".period_closures SET reopened_at = now()",
        "INSERT INTO " + q() + ".period_closures (through, closed_at) VALUES (date '2026-05-01', now())")) {
      assertThatThrownBy(() -> execute(runtime, sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
    for (String sql : List.of(
        "SELECT " + q() + ".reopen_period(date '2026-04-29', now(), '{\"by\": \"x\"}')",
        "SELECT " + q() + ".reopen_period(date '2026-04-30', now(), '{}')",
        "SELECT " + q() + ".close_period(date '2026-04-30', now(), '{}')")) {
      assertThatThrownBy(() -> execute(runtime, sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).isEqualTo("22023"));
    }
    assertThat(nodeA.closedThrough()).contains(APRIL_30);
    assertThat(nodeA.periodClosures()).singleElement().satisfies(c -> {
      assertThat(c.standing()).isTrue();
      assertThat(c.metadata()).containsEntry("closedBy", "controller");
    });
  }

  private String q() {
    return PostgresLedgerSchema.quotedSchema(schema);
  }

  private static void execute(javax.sql.DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
