package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database itself refuses to change history, whatever the client. */
class AppendOnlyTriggersTest {

  private static HikariDataSource dataSource;
  private static String schema;
  private static Ledger ledger;
  private static Transaction posted;
  private static Transaction pending;

  @BeforeAll
  static void book() {
    dataSource = PgTestSupport.pool("append-only", 4);
    schema = TestServices.freshSchemaName("appendonly");
    PostgresLedgerSchema.migrate(dataSource, schema);
    ledger = Ledger.builder().store(PostgresLedgerStore.builder(dataSource).schema(schema).build()).closeStoreOnClose(true)
        .clock(MutableClock.at("2026-02-10T10:00:00Z")).build();
    Account cash = open(ledger, "1000", AccountType.ASSET, false);
    Account deposits = open(ledger, "2100", AccountType.LIABILITY, false);
    posted = ledger.post(transfer("posted", cash, deposits, 500));
    pending = ledger.post(PostingRequest.builder().idempotencyKey("held").description("hold")
        .debit(deposits.id(), posted.entries().get(0).amount()).credit(cash.id(), posted.entries().get(0).amount())
        .pending(java.time.Instant.parse("2026-02-11T10:00:00Z")).build());
  }

  @AfterAll
  static void drop() {
    ledger.close();
    dataSource.close();
    PgTestSupport.drop(schema);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + PostgresLedgerSchema.quotedSchema(schema));
      s.execute(sql);
    }
  }

  @Test
  void updatingAnEntryIsRejected() {
    assertThatThrownBy(() -> execute("UPDATE entries SET amount = amount + 1"))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("UPDATE");
  }

  @Test
  void deletingAnEntryIsRejected() {
    assertThatThrownBy(() -> execute("DELETE FROM entries"))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("DELETE");
  }

  @Test
  void truncatingEntriesOrAPartitionIsRejected() {
    assertThatThrownBy(() -> execute("TRUNCATE entries")).hasMessageContaining("append-only");
    assertThatThrownBy(() -> execute("TRUNCATE entries_2026_02")).hasMessageContaining("append-only");
  }

  @Test
  void updatingAPostedTransactionIsRejected() {
    assertThatThrownBy(() -> execute("UPDATE transactions SET description = 'changed' WHERE id = '" + posted.id() + "'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    assertThatThrownBy(() -> execute("UPDATE transactions SET status = 'VOIDED' WHERE id = '" + posted.id() + "'"))
        .hasMessageContaining("append-only");
  }

  @Test
  void deletingATransactionIsRejected() {
    assertThatThrownBy(() -> execute("DELETE FROM transactions WHERE id = '" + posted.id() + "'"))
        .hasMessageContaining("append-only");
  }

  @Test
  void aPendingTransactionMayOnlyChangeItsStatus() {
    assertThatThrownBy(() -> execute("UPDATE transactions SET description = 'x', status = 'POSTED' WHERE id = '"
        + pending.id() + "'")).hasMessageContaining("append-only");
    assertThat(ledger.transaction(pending.id()).orElseThrow().description()).isEqualTo("hold");
  }

  @Test
  void theHistoryIsUnchangedAfterTheAttempts() {
    Transaction reread = ledger.transaction(posted.id()).orElseThrow();
    assertThat(reread.entries()).isEqualTo(posted.entries());
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }
}
