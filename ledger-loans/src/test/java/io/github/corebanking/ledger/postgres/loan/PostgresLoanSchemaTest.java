package io.github.corebanking.ledger.postgres.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.postgres.MigrationChecksumException;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applying the loan tables: with the ledger's in one call, into the schema's one history, after the
 * ledger's, once, and never changed by hand.
 */
class PostgresLoanSchemaTest {

  private static HikariDataSource dataSource;
  private static final List<String> SCHEMAS = new ArrayList<>();

  @BeforeAll
  static void openPool() {
    dataSource = LoanPg.pool("loan-schema", 6);
  }

  @AfterAll
  static void dropSchemas() {
    try {
      SCHEMAS.forEach(LoanPg::drop);
    } finally {
      if (dataSource != null) {
        dataSource.close();
      }
    }
  }

  private static String freshSchema() {
    String schema = TestServices.freshSchemaName("loanschema");
    SCHEMAS.add(schema);
    return schema;
  }

  /** A schema with the ledger's module only. */
  private static String ledgerSchema() {
    String schema = freshSchema();
    LoanPg.migrateLedgerOnly(dataSource, schema);
    return schema;
  }

  private static long history(String schema, String module) {
    return LoanPg.queryLong(dataSource, "SELECT count(*) FROM \"" + schema + "\".schema_history WHERE module = '"
        + module + "'");
  }

  @Test
  void oneCallMigratesTheLedgerAndTheLoansIntoOneHistory() {
    String schema = freshSchema();
    int ledgerScripts = PostgresLedgerSchema.migrationScripts().size();

    assertThat(PostgresLedgerSchema.modules()).extracting(SchemaModule::name)
        .containsExactly(PostgresLedgerSchema.MODULE, PostgresLoanSchema.MODULE);
    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isZero();
    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isEqualTo(ledgerScripts + 2);
    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isZero();
    assertThat(PostgresLoanSchema.migrate(dataSource, schema)).isZero();

    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLoanSchema.latestVersion());
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLedgerSchema.latestVersion());
    assertThat(history(schema, PostgresLoanSchema.MODULE)).isEqualTo(2);
    assertThat(history(schema, PostgresLedgerSchema.MODULE)).isEqualTo(ledgerScripts);
    assertThat(PostgresLoanSchema.migrationScripts()).containsExactly("V1001__loans.sql", "V1002__loan_aging.sql");
    assertThat(PostgresLoanSchema.latestVersion()).isEqualTo(1002);
  }

  @Test
  void theLoanModuleAloneAppliesOnlyItsOwnScripts() {
    String schema = ledgerSchema();
    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isZero();

    assertThat(PostgresLoanSchema.migrate(dataSource, schema)).isEqualTo(2);
    assertThat(PostgresLoanSchema.migrate(dataSource, schema)).isZero();

    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isEqualTo(1002);
    assertThat(history(schema, PostgresLedgerSchema.MODULE)).isEqualTo(PostgresLedgerSchema.migrationScripts().size());
  }

  @Test
  void theLoanModuleAloneNeedsTheLedgerFirst() {
    String schema = freshSchema();

    assertThatThrownBy(() -> PostgresLoanSchema.migrate(dataSource, schema))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("schema '" + schema + "' holds no ledger module");
    assertThat(LoanPg.queryLong(dataSource,
        "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")).isZero();
  }

  @Test
  void aChangedLoanScriptIsReportedByName() {
    String schema = freshSchema();
    PostgresLedgerSchema.migrate(dataSource, schema);
    LoanPg.queryLong(dataSource, "WITH u AS (UPDATE \"" + schema + "\".schema_history SET checksum = 'x' "
        + "WHERE module = 'loans' AND version = 1002 RETURNING 1) SELECT count(*) FROM u");

    assertThatThrownBy(() -> PostgresLedgerSchema.migrate(dataSource, schema))
        .isInstanceOfSatisfying(MigrationChecksumException.class, e -> {
          assertThat(e.module()).isEqualTo(PostgresLoanSchema.MODULE);
          assertThat(e.script()).isEqualTo("V1002__loan_aging.sql");
        })
        .hasMessageContaining("script 'V1002__loan_aging.sql' of module loans");
  }

  @Test
  void badSchemaNamesAreRejectedBeforeAnyConnection() {
    assertThatThrownBy(() -> PostgresLoanSchema.migrate(dataSource, "Ledger; DROP TABLE x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("schema 'Ledger; DROP TABLE x'");
    assertThatThrownBy(() -> PostgresLoanStore.builder(dataSource).schema("pg_catalog"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void concurrentMigrationsApplyEachScriptOnce() throws Exception {
    String schema = ledgerSchema();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        runs.add(pool.submit((Callable<Integer>) () -> PostgresLoanSchema.migrate(dataSource, schema)));
      }
      int applied = 0;
      for (Future<Integer> f : runs) {
        applied += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(applied).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStoreOverASchemaWithoutLoanTablesIsRefused() {
    String schema = ledgerSchema();

    assertThatThrownBy(() -> PostgresLoanStore.builder(dataSource).schema(schema).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has loan schema version 0, not 1002");
  }

  @Test
  void bookedAllocationsCannotBeChangedInTheDatabase() throws SQLException {
    String schema = freshSchema();
    PostgresLedgerSchema.migrate(dataSource, schema);

    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO \"" + schema + "\"");
      s.execute("INSERT INTO accounts (id, code, name, type, currency, currency_scale, status, created_at) "
          + "VALUES ('01900000-0000-7000-8000-000000000001', '1200-T', 'T', 'ASSET', 'USD', 2, 'OPEN', now())");
      s.execute("INSERT INTO loans (loan_id, borrower_reference, receivable_account_id, currency, currency_scale, "
          + "principal, disbursement_date, allocation_order, status, disbursement_transaction_id, registered_at, version) "
          + "VALUES ('T', 'b', '01900000-0000-7000-8000-000000000001', 'USD', 2, 100, '2025-01-01', 'INTEREST_FIRST', "
          + "'ACTIVE', '01900000-0000-7000-8000-0000000000aa', now(), 2)");
      s.execute("INSERT INTO loan_installments (loan_id, number, due_date, principal_due, interest_due, principal_paid) "
          + "VALUES ('T', 1, '2025-02-01', 100, 0, 50)");
      s.execute("INSERT INTO loan_transactions (loan_id, kind, reference, transaction_id, value_date, amount, recorded_at) "
          + "VALUES ('T', 'REPAYMENT', 'r', '01900000-0000-7000-8000-0000000000bb', '2025-02-01', 50, now())");
      s.execute("INSERT INTO loan_allocations (transaction_id, installment_number, loan_id, value_date, principal, interest) "
          + "VALUES ('01900000-0000-7000-8000-0000000000bb', 1, 'T', '2025-02-01', 50, 0)");
      assertThatThrownBy(() -> s.execute("UPDATE loan_allocations SET principal = 40"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM loan_transactions"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("UPDATE loan_installments SET principal_paid = 101"))
          .isInstanceOf(SQLException.class).hasMessageContaining("loan_installments_amounts_check");
    }
  }
}
