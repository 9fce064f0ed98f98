package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** As-of balances from snapshots plus entries, statement cursors, and the read replica. */
class AsOfAndStatementTest {

  private static HikariDataSource dataSource;
  private static String schema;
  private static final AtomicInteger replicaConnections = new AtomicInteger();
  private static PostgresLedgerStore store;
  private static Ledger ledger;
  private static Account cash;
  private static Account deposits;
  private static Account fees;
  private static Account income;
  private static final Instant JAN_10 = Instant.parse("2026-01-10T12:00:00Z");
  private static final Instant JAN_31_END = Instant.parse("2026-01-31T23:59:59.999999Z");
  private static final Instant FEB_05 = Instant.parse("2026-02-05T12:00:00Z");

  @BeforeAll
  static void book() {
    dataSource = PgTestSupport.pool("asof", 4);
    schema = TestServices.freshSchemaName("asof");
    PostgresLedgerSchema.migrate(dataSource, schema);
    DataSource replica = (DataSource) Proxy.newProxyInstance(AsOfAndStatementTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            replicaConnections.incrementAndGet();
          }
          try {
            return method.invoke(dataSource, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    store = PostgresLedgerStore.builder(dataSource).schema(schema).readDataSource(replica).build();
    MutableClock clock = MutableClock.at(JAN_10);
    ledger = Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build();
    cash = open(ledger, "1000", AccountType.ASSET, false);
    deposits = open(ledger, "2100", AccountType.LIABILITY, false);
    fees = open(ledger, "1300", AccountType.ASSET, false);
    income = open(ledger, "4100", AccountType.REVENUE, false);
    for (int i = 0; i < 5; i++) {
      ledger.post(transfer("jan-" + i, cash, deposits, 100));
      clock.advance(Duration.ofDays(3));
    }
    clock.set(FEB_05);
    for (int i = 0; i < 3; i++) {
      ledger.post(transfer("feb-" + i, cash, deposits, 10));
      clock.advance(Duration.ofHours(1));
    }
  }

  @AfterAll
  static void drop() {
    ledger.close();
    dataSource.close();
    PgTestSupport.drop(schema);
  }

  private static void snapshot(Account account, long debits, long credits, long version) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + PostgresLedgerSchema.quotedSchema(schema) + ".balance_snapshots "
            + "(account_id, snapshot_date, as_of, posted_debits, posted_credits, account_version) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (account_id, snapshot_date) DO UPDATE SET posted_debits = EXCLUDED.posted_debits, "
            + "posted_credits = EXCLUDED.posted_credits, account_version = EXCLUDED.account_version")) {
      ps.setObject(1, account.id().value());
      ps.setObject(2, LocalDate.parse("2026-01-31"));
      ps.setObject(3, JAN_31_END.atOffset(java.time.ZoneOffset.UTC));
      ps.setLong(4, debits);
      ps.setLong(5, credits);
      ps.setLong(6, version);
      ps.executeUpdate();
    }
  }

  @Test
  void asOfBalancesAddEntriesAfterTheLatestSnapshotAndIgnoreOlderOnes() throws SQLException {
    Instant[] probes = {JAN_10.minusSeconds(1), JAN_10, JAN_31_END, FEB_05, FEB_05.plusSeconds(3 * 3600), Instant.MAX};
    Map<Instant, Balance> withoutSnapshot = java.util.Arrays.stream(probes)
        .collect(Collectors.toMap(Function.identity(), t -> ledger.balanceAsOf(cash.id(), t)));
    assertThat(withoutSnapshot.get(JAN_31_END).posted().minorUnits()).isEqualTo(500);
    assertThat(withoutSnapshot.get(JAN_31_END).version()).isEqualTo(5);
    assertThat(withoutSnapshot.get(Instant.MAX).posted().minorUnits()).isEqualTo(530);
    assertThat(withoutSnapshot.get(JAN_10.minusSeconds(1)).posted().minorUnits()).isZero();

    // A correct snapshot changes nothing.
    snapshot(cash, 500, 0, 5);
    for (Instant t : probes) {
      assertThat(ledger.balanceAsOf(cash.id(), t)).as("as of %s", t).isEqualTo(withoutSnapshot.get(t));
    }
    // A snapshot off by 7 shows that reads at or after it start from it, and reads before it do not.
    snapshot(cash, 507, 0, 5);
    assertThat(ledger.balanceAsOf(cash.id(), JAN_31_END).posted().minorUnits()).isEqualTo(507);
    assertThat(ledger.balanceAsOf(cash.id(), Instant.MAX).posted().minorUnits()).isEqualTo(537);
    assertThat(ledger.balanceAsOf(cash.id(), Instant.MAX).version()).isEqualTo(8);
    assertThat(ledger.balanceAsOf(cash.id(), JAN_10).posted().minorUnits()).isEqualTo(100);
    Balance viaAll = store.balancesAsOf(FEB_05).stream().filter(b -> b.accountId().equals(cash.id())).findFirst().orElseThrow();
    assertThat(viaAll.posted().minorUnits()).isEqualTo(517);
    Balance depositsAll = store.balancesAsOf(FEB_05).stream().filter(b -> b.accountId().equals(deposits.id())).findFirst().orElseThrow();
    assertThat(depositsAll.posted().minorUnits()).as("accounts without a snapshot read all their entries").isEqualTo(510);
    snapshot(cash, 500, 0, 5);
  }

  @Test
  void statementPagesFollowTheirCursorAndRejectForeignOnes() {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2026-03-01T00:00:00Z");
    StatementPage first = ledger.statement(cash.id(), from, to, PageRequest.first(3));
    assertThat(first.entries()).hasSize(3);
    StatementPage second = ledger.statement(cash.id(), from, to, PageRequest.after(first.nextCursor(), 3));
    StatementPage third = ledger.statement(cash.id(), from, to, PageRequest.after(second.nextCursor(), 3));
    assertThat(third.entries()).hasSize(2);
    assertThat(third.hasNext()).isFalse();
    assertThat(third.entries().get(1).accountVersion()).isEqualTo(8);

    String cursor = first.nextCursor();
    assertThatThrownBy(() -> ledger.statement(deposits.id(), from, to, PageRequest.after(cursor, 3)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page.cursor");
    assertThatThrownBy(() -> ledger.statement(cash.id(), from, to.plusSeconds(1), PageRequest.after(cursor, 3)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page.cursor");
    String tampered = (cursor.charAt(3) == 'A' ? "B" : "A");
    String forged = cursor.substring(0, 3) + tampered + cursor.substring(4);
    assertThatThrownBy(() -> ledger.statement(cash.id(), from, to, PageRequest.after(forged, 3)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page.cursor");
    assertThatThrownBy(() -> ledger.statement(cash.id(), from, to, PageRequest.after("not-a-cursor", 3)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a cursor");
  }

  @Test
  void reportsAndStatementsReadFromTheReplicaAndPostingDoesNot() {
    int before = replicaConnections.get();
    ledger.post(transfer("no-replica", fees, income, 1));
    ledger.balance(fees.id());
    assertThat(replicaConnections.get()).as("posting and current balances use the primary").isEqualTo(before);
    ledger.balanceAsOf(cash.id(), FEB_05);
    ledger.trialBalance(FEB_05);
    ledger.statement(cash.id(), JAN_10, FEB_05, PageRequest.first(10));
    ledger.checkIntegrity();
    assertThat(replicaConnections.get() - before).isEqualTo(4);
  }
}
