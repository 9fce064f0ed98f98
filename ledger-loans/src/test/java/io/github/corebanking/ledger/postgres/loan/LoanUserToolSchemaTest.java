package io.github.corebanking.ledger.postgres.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresHealthChecks;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.postgres.internal.SchemaHistory;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The loan tables built by the user's own Flyway or Liquibase: the loan store builds over them,
 * the health check is UP, and {@code migrate} adopts them; a schema the previous release migrated
 * (loan scripts recorded as versions 1 and 2) keeps working after the scripts' renumbering.
 */
class LoanUserToolSchemaTest {

  private static HikariDataSource dataSource;
  private static final List<String> SCHEMAS = new ArrayList<>();

  @BeforeAll
  static void openPool() {
    dataSource = LoanPg.pool("loan-user-tools", 4);
  }

  @AfterAll
  static void dropSchemas() {
    try {
      SCHEMAS.forEach(LoanPg::drop);
    } finally {
      dataSource.close();
    }
  }

  private static String freshSchema(String prefix) {
    String schema = TestServices.freshSchemaName(prefix);
    SCHEMAS.add(schema);
    return schema;
  }

  private static long history(String schema, String where) {
    return LoanPg.queryLong(dataSource, "SELECT count(*) FROM \"" + schema + "\".schema_history WHERE " + where);
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Versions known, health UP, both stores build, migrate adopts everything and runs nothing. */
  private static void assertAWorkingLoanBookAdoptedByMigrate(String schema) throws Exception {
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLedgerSchema.latestVersion());
    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLoanSchema.latestVersion());
    CheckResult health = PostgresHealthChecks.builder(PostgresDiagnostics.builder(dataSource).schema(schema).build())
        .build().database().check();
    assertThat(health.status()).as(health.message()).isEqualTo(HealthStatus.UP);
    PostgresLedgerStore.builder(dataSource).schema(schema).build().close();
    PostgresLoanStore.builder(dataSource).schema(schema).build();

    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).as("scripts run again").isZero();
    assertThat(history(schema, "module = 'loans'")).isEqualTo(PostgresLoanSchema.migrationScripts().size());
    assertThat(history(schema, "module = 'ledger'")).isEqualTo(PostgresLedgerSchema.migrationScripts().size());
    assertThat(PostgresLoanSchema.migrate(dataSource, schema)).isZero();
    PostgresLoanStore.builder(dataSource).schema(schema).build();
  }

  @Test
  void oneFlywayRunOverTheLedgersAndTheLoansScripts() throws Exception {
    String schema = freshSchema("lflyway");

    LoanUserTools.flyway(dataSource, schema);

    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void inOneFlywayRunALedgerScriptReleasedAfterTheLoansAppliesOutOfOrder() throws Exception {
    String schema = freshSchema("lflyway_later");
    LoanUserTools.flyway(dataSource, schema);
    String later = "classpath:later-ledger-script";

    assertThatThrownBy(() -> Flyway.configure().dataSource(dataSource).schemas(schema)
        .locations(LoanUserTools.LEDGER_LOCATION, LoanUserTools.LOANS_LOCATION, later).load().migrate())
        .as("without outOfOrder").hasMessageContaining("999");
    LoanUserTools.oneFlyway(dataSource, schema)
        .locations(LoanUserTools.LEDGER_LOCATION, LoanUserTools.LOANS_LOCATION, later).load().migrate();

    assertThat(LoanPg.queryLong(dataSource, "SELECT count(*) FROM \"" + schema + "\".later_ledger_table")).isZero();
    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void aSecondFlywayForTheLoansNeedsOnlyBaselineOnMigrate() throws Exception {
    String schema = freshSchema("lflyway2");

    LoanUserTools.flywayLedgerOnly(dataSource, schema);
    LoanUserTools.secondFlywayForLoans(dataSource, schema);

    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void theLoanModuleAloneMigratesALedgerThatFlywayBuilt() throws Exception {
    String schema = freshSchema("lflyway3");
    LoanUserTools.flywayLedgerOnly(dataSource, schema);

    assertThat(PostgresLoanSchema.migrate(dataSource, schema)).isEqualTo(PostgresLoanSchema.migrationScripts().size());

    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void liquibaseOverTheLedgersAndTheLoansChangeLogs() throws Exception {
    String schema = freshSchema("lliquibase");

    LoanUserTools.liquibase(dataSource, schema, LoanUserTools.MASTER_CHANGELOG);

    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void aSchemaThePreviousReleaseMigratedKeepsWorkingAfterTheRenumbering() throws Exception {
    String schema = freshSchema("lrenumber");
    PostgresLedgerSchema.migrate(dataSource, schema);
    // As the previous release recorded them: the same scripts, as V1__loans.sql and V2__loan_aging.sql.
    execute("UPDATE \"" + schema + "\".schema_history SET version = version - 1000, "
        + "script = regexp_replace(script, '^V10*', 'V') WHERE module = 'loans'");
    assertThat(history(schema, "module = 'loans' AND version IN (1, 2) AND script IN ('V1__loans.sql', 'V2__loan_aging.sql')"))
        .isEqualTo(2);
    List<String> checksums = checksums(schema);
    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLoanSchema.latestVersion());

    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isZero();

    assertThat(history(schema, "module = 'loans' AND version IN (1001, 1002)")).isEqualTo(2);
    assertThat(history(schema, "module = 'loans' AND script IN ('V1001__loans.sql', 'V1002__loan_aging.sql')")).isEqualTo(2);
    assertThat(checksums(schema)).isEqualTo(checksums);
    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void aSchemaThePreviousReleaseLeftAtTheFirstLoanScriptGetsOnlyTheSecond() throws Exception {
    String schema = freshSchema("lrenumber1");
    LoanPg.migrateLedgerOnly(dataSource, schema);
    MigrationRunner.migrate(dataSource, schema, List.of(firstLoanScriptOnly()),
        List.of(PostgresLedgerSchema.ledgerModule()));
    execute("UPDATE \"" + schema + "\".schema_history SET version = 1, script = 'V1__loans.sql' WHERE module = 'loans'");
    assertThat(PostgresLoanSchema.currentVersion(dataSource, schema)).isEqualTo(1001);

    assertThat(PostgresLoanSchema.migrate(dataSource, schema)).isEqualTo(1);

    assertThat(history(schema, "module = 'loans' AND version = 1001 AND execution_ms >= 0")).isEqualTo(1);
    assertAWorkingLoanBookAdoptedByMigrate(schema);
  }

  @Test
  void theLoansChangeLogRunsEveryLoanScriptOnceInOrderAndWhole() throws Exception {
    NodeList files;
    try (InputStream in = getClass().getResourceAsStream("/" + LoanUserTools.LOANS_CHANGELOG)) {
      assertThat(in).as(LoanUserTools.LOANS_CHANGELOG).isNotNull();
      files = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("sqlFile");
    }
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < files.getLength(); i++) {
      Element f = (Element) files.item(i);
      assertThat(f.getAttribute("splitStatements")).as(f.getAttribute("path")).isEqualTo("false");
      paths.add(f.getAttribute("path"));
    }

    assertThat(paths).as("the change log's sqlFile paths: add one change set per new script")
        .containsExactlyElementsOf(PostgresLoanSchema.migrationScripts());
  }

  @Test
  void everyLoanScriptIsRecognisableAndInTheLoansRangeOfVersions() {
    assertThat(SchemaHistory.fingerprints(PostgresLoanSchema.module()))
        .hasSize(PostgresLoanSchema.migrationScripts().size())
        .allSatisfy((version, objects) -> {
          assertThat(version).isBetween(1001, 1999);
          assertThat(objects).as("objects of loans version " + version).isNotEmpty();
        });
  }

  private static List<String> checksums(String schema) {
    List<String> result = new ArrayList<>();
    for (String script : PostgresLoanSchema.migrationScripts()) {
      result.add(script + "=" + LoanPg.queryLong(dataSource, "SELECT count(*) FROM \"" + schema
          + "\".schema_history WHERE module = 'loans' AND checksum = '"
          + MigrationRunner.sha256(PostgresLoanSchema.module().read(script)) + "'"));
    }
    return result;
  }

  /** The loan module as a release with only its first script would ship it. */
  private static SchemaModule firstLoanScriptOnly() {
    return new SchemaModule() {
      @Override
      public String name() {
        return PostgresLoanSchema.MODULE;
      }

      @Override
      public Set<String> requires() {
        return Set.of(PostgresLedgerSchema.MODULE);
      }

      @Override
      public String scriptLocation() {
        return PostgresLoanSchema.MIGRATION_LOCATION;
      }

      @Override
      public List<String> scripts() {
        return List.of(PostgresLoanSchema.migrationScripts().get(0));
      }
    };
  }
}
