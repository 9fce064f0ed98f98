package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Migrations: idempotent, safe under concurrency, recorded, and only into valid schema names. */
class PostgresLedgerSchemaTest {

  private static HikariDataSource dataSource;
  private final List<String> schemas = new ArrayList<>();

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("schema", 6);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(PgTestSupport::drop);
  }

  private String freshSchema() {
    String schema = TestServices.freshSchemaName("migrate");
    schemas.add(schema);
    return schema;
  }

  @Test
  void migratingTwiceAppliesEachScriptOnce() {
    String schema = freshSchema();
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isZero();
    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isEqualTo(PostgresLedgerSchema.migrationScripts().size());
    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isZero();
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLedgerSchema.latestVersion());
    assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".schema_history WHERE module = 'ledger'"))
        .isEqualTo(PostgresLedgerSchema.migrationScripts().size());
  }

  @Test
  void everyEntriesPartitionPresentAndFutureHasTheStatementIndex() throws Exception {
    String schema = freshSchema();
    PostgresLedgerSchema.migrate(dataSource, schema);
    try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
      // Partitions made after the migration (as EnsurePartitionsJob and postings on demand do).
      st.execute("SELECT \"" + schema + "\".ensure_entries_partitions(DATE '2031-01-01', 3)");
    }
    String partitions = "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
        + " JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = '" + schema + "' AND p.relname = 'entries'";
    String indexed = "SELECT count(*) FROM pg_indexes WHERE schemaname = '" + schema + "' AND tablename LIKE 'entries\\_%'"
        + " AND indexdef LIKE '%(account_id, account_version, ordinal)'";
    long total = PgTestSupport.count(dataSource, partitions);
    assertThat(total).isGreaterThanOrEqualTo(3);
    assertThat(PgTestSupport.count(dataSource, indexed)).isEqualTo(total);
  }

  @Test
  void concurrentMigrationsOfOneSchemaApplyItOnce() throws Exception {
    String schema = freshSchema();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return PostgresLedgerSchema.migrate(dataSource, schema);
        }));
      }
      start.countDown();
      int applied = 0;
      for (Future<Integer> f : results) {
        applied += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(applied).isEqualTo(PostgresLedgerSchema.migrationScripts().size());
    } finally {
      pool.shutdownNow();
    }
    assertThat(PgTestSupport.count(dataSource,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "' AND table_name = 'accounts'"))
        .isEqualTo(1);
  }

  @Test
  void aChangedScriptIsDetected() {
    String schema = freshSchema();
    PostgresLedgerSchema.migrate(dataSource, schema);
    PgTestSupport.count(dataSource, "WITH u AS (UPDATE \"" + schema + "\".schema_history SET checksum = 'x' "
        + "RETURNING 1) SELECT count(*) FROM u");
    assertThatThrownBy(() -> PostgresLedgerSchema.migrate(dataSource, schema))
        .isInstanceOfSatisfying(MigrationChecksumException.class, e -> {
          assertThat(e.field()).isEqualTo("script");
          assertThat(e.script()).isEqualTo("V1__ledger_schema.sql");
          assertThat(e.module()).isEqualTo(PostgresLedgerSchema.MODULE);
        })
        .hasMessageContaining("checksum").hasMessageContaining("V1__ledger_schema.sql");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Ledger", "1ledger", "ledger-x", "ledger; drop table x", "\"ledger\"", "pg_ledger",
      "information_schema", "a_name_that_is_far_too_long_for_postgresql_identifiers_0123456789_abcdefghij"})
  void badSchemaNamesAreRejectedBeforeAnythingRuns(String name) {
    assertThatThrownBy(() -> PostgresLedgerSchema.migrate(dataSource, name))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("schema"))
        .hasMessageContaining("schema");
    assertThatThrownBy(() -> PostgresLedgerStore.builder(dataSource).schema(name))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("schema");
  }

  @Test
  void aNullSchemaIsRejected() {
    assertThatThrownBy(() -> PostgresLedgerSchema.migrate(dataSource, null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("schema");
  }

  @Test
  void goodSchemaNamesAreQuoted() {
    assertThat(PostgresLedgerSchema.quotedSchema("user")).isEqualTo("\"user\"");
    assertThat(PostgresLedgerSchema.quotedSchema("_ledger_2")).isEqualTo("\"_ledger_2\"");
  }

  @Test
  void twoLedgersInOneDatabaseAreIndependent() {
    String a = freshSchema();
    String b = freshSchema();
    PostgresLedgerSchema.migrate(dataSource, a);
    PostgresLedgerSchema.migrate(dataSource, b);
    try (PostgresLedgerStore storeA = PostgresLedgerStore.builder(dataSource).schema(a).build();
        PostgresLedgerStore storeB = PostgresLedgerStore.builder(dataSource).schema(b).build()) {
      io.github.corebanking.ledger.Ledger ledgerA = io.github.corebanking.ledger.Ledger.builder().store(storeA).build();
      PgTestSupport.open(ledgerA, "1000", io.github.corebanking.ledger.AccountType.ASSET, false);
      assertThat(storeA.listAccounts()).hasSize(1);
      assertThat(storeB.listAccounts()).isEmpty();
    }
  }
}
