package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.spi.StoreObserver;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A posting never fails for lack of an entries partition. */
class PartitionOnDemandTest {

  private static HikariDataSource dataSource;
  private static String schema;

  @BeforeAll
  static void migrate() {
    dataSource = PgTestSupport.pool("partitions", 4);
    schema = TestServices.freshSchemaName("partition");
    PostgresLedgerSchema.migrate(dataSource, schema);
  }

  @AfterAll
  static void drop() {
    dataSource.close();
    PgTestSupport.drop(schema);
  }

  private static long partitions(String name) {
    return PgTestSupport.count(dataSource, "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relname = '" + name + "'");
  }

  @Test
  void aPostingYearsAheadCreatesItsMonthsPartitionAndTellsTheObserver() {
    List<String> created = new CopyOnWriteArrayList<>();
    StoreObserver observer = new StoreObserver() {
      @Override
      public void onPartitionCreated(String partition, boolean onDemand) {
        created.add(partition + (onDemand ? " on demand" : ""));
      }
    };
    MutableClock clock = MutableClock.at("2026-01-15T09:00:00Z");
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).observer(observer).build();
    try (Ledger ledger = Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1000", AccountType.ASSET, false);
      Account equity = open(ledger, "3000", AccountType.EQUITY, false);
      assertThat(partitions("entries_2031_07")).isZero();
      clock.set(Instant.parse("2031-07-31T23:59:59.999999Z"));
      Transaction t = ledger.post(transfer("future", cash, equity, 42));
      assertThat(partitions("entries_2031_07")).isEqualTo(1);
      assertThat(created).contains("entries_2031_07 on demand");
      assertThat(ledger.transaction(t.id()).orElseThrow()).isEqualTo(t);
      assertThat(ledger.balanceAsOf(cash.id(), Instant.parse("2031-08-01T00:00:00Z")).posted().minorUnits()).isEqualTo(42);
    }
  }

  @Test
  void aPartitionDroppedByAnOperatorIsCreatedAgain() throws SQLException {
    MutableClock clock = MutableClock.at("2033-03-10T09:00:00Z");
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    try (Ledger ledger = Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build()) {
      Account cash = open(ledger, "1100", AccountType.ASSET, false);
      Account equity = open(ledger, "3100", AccountType.EQUITY, false);
      store.ensurePartition(clock.instant());
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE " + PostgresLedgerSchema.quotedSchema(schema) + ".entries_2033_03");
      }
      assertThat(partitions("entries_2033_03")).isZero();
      ledger.post(transfer("after-drop", cash, equity, 5));
      assertThat(partitions("entries_2033_03")).isEqualTo(1);
      assertThat(ledger.balance(cash.id()).posted().minorUnits()).isEqualTo(5);
    }
  }
}
