package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresHealthChecks;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema built by the user's own Flyway or Liquibase from the shipped scripts is a ledger like
 * any other: its version is known, the health check is UP, the store builds and posts, and
 * {@code PostgresLedgerSchema.migrate} adopts it (records the scripts, runs none of them again).
 */
class UserToolSchemaTest {

  private static HikariDataSource dataSource;
  private final List<String> schemas = new ArrayList<>();
  private final List<String> publicTables = new ArrayList<>();

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("user-tools", 4);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @AfterEach
  void dropSchemas() throws Exception {
    schemas.forEach(PgTestSupport::drop);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      for (String table : publicTables) {
        st.execute("DROP TABLE IF EXISTS public.\"" + table + "\"");
      }
    }
  }

  private String freshSchema(String prefix) {
    String schema = TestServices.freshSchemaName(prefix);
    schemas.add(schema);
    return schema;
  }

  private static long historyRows(String schema) {
    return PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".schema_history WHERE module = 'ledger'");
  }

  private static CheckResult databaseHealth(String schema) throws Exception {
    PostgresDiagnostics diagnostics = PostgresDiagnostics.builder(dataSource).schema(schema).build();
    return PostgresHealthChecks.builder(diagnostics).build().database().check();
  }

  /** What every route must give: version, health, a working store, and adoption by migrate. */
  private static void assertAWorkingLedgerAdoptedByMigrate(String schema) throws Exception {
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isEqualTo(PostgresLedgerSchema.latestVersion());
    CheckResult health = databaseHealth(schema);
    assertThat(health.status()).as(health.message()).isEqualTo(HealthStatus.UP);
    assertThat(health.details()).containsEntry("schemaVersion", String.valueOf(PostgresLedgerSchema.latestVersion()));

    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).as("scripts run again").isZero();
    assertThat(historyRows(schema)).isEqualTo(PostgresLedgerSchema.migrationScripts().size());
    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isZero();
    assertThat(databaseHealth(schema).status()).isEqualTo(HealthStatus.UP);

    try (PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).build();
         Ledger ledger = Ledger.builder().store(store).build()) {
      var cash = PgTestSupport.open(ledger, "1000", AccountType.ASSET, false);
      var deposits = PgTestSupport.open(ledger, "2100", AccountType.LIABILITY, true);
      ledger.post(PgTestSupport.transfer("t-1", cash, deposits, 2_500));
      assertThat(ledger.balance(deposits.id()).posted().minorUnits()).isEqualTo(2_500);
      assertThat(ledger.trialBalance().balanced()).isTrue();
    }
  }

  @Test
  void aSchemaBuiltByFlywayIsAWorkingLedgerThatMigrateAdopts() throws Exception {
    String schema = freshSchema("flyway");

    UserMigrationTools.flyway(dataSource, schema, UserMigrationTools.LEDGER_LOCATION);

    assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".flyway_schema_history WHERE success"))
        .isEqualTo(PostgresLedgerSchema.migrationScripts().size() + 1);   // + Flyway's row creating the schema
    assertAWorkingLedgerAdoptedByMigrate(schema);
  }

  @Test
  void aSchemaBuiltByLiquibaseIsAWorkingLedgerThatMigrateAdopts() throws Exception {
    String schema = freshSchema("liquibase");

    UserMigrationTools.liquibase(dataSource, schema, UserMigrationTools.LEDGER_CHANGELOG);

    assertThat(PgTestSupport.count(dataSource, "SELECT count(*) FROM \"" + schema + "\".databasechangelog"))
        .isEqualTo(PostgresLedgerSchema.migrationScripts().size() + 1);   // + the change set creating the schema
    assertAWorkingLedgerAdoptedByMigrate(schema);
  }

  @Test
  void liquibaseCreatesTheLedgersSchemaWhenItKeepsItsOwnTablesElsewhere() throws Exception {
    String schema = freshSchema("lbpublic");
    String table = "dcl_" + schema;
    publicTables.add(table);
    publicTables.add(table + "_lock");

    UserMigrationTools.liquibase(dataSource, schema, "public", table, UserMigrationTools.LEDGER_CHANGELOG);

    assertAWorkingLedgerAdoptedByMigrate(schema);
  }

  @Test
  void migrateAdoptsWhatFlywayAppliedAndRunsOnlyTheRest() throws Exception {
    String schema = freshSchema("flyway_v1");
    UserMigrationTools.flywayTo(dataSource, schema, "1", UserMigrationTools.LEDGER_LOCATION);
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isEqualTo(1);
    assertThat(databaseHealth(schema).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(databaseHealth(schema).message()).contains("is at version 1, the library needs "
        + PostgresLedgerSchema.latestVersion());

    assertThat(PostgresLedgerSchema.migrate(dataSource, schema)).isEqualTo(PostgresLedgerSchema.migrationScripts().size() - 1);

    assertThat(PgTestSupport.count(dataSource, "SELECT execution_ms FROM \"" + schema
        + "\".schema_history WHERE module = 'ledger' AND version = 1")).as("adopted, not run").isZero();
    assertAWorkingLedgerAdoptedByMigrate(schema);
  }

  @Test
  void flywayGoesOnFromASchemaThatMigrateBuilt() throws Exception {
    String schema = freshSchema("flyway_after");
    PostgresLedgerSchema.migrate(dataSource, schema);

    Flyway.configure().dataSource(dataSource).schemas(schema).locations(UserMigrationTools.LEDGER_LOCATION)
        .baselineOnMigrate(true).baselineVersion(String.valueOf(PostgresLedgerSchema.latestVersion())).load().migrate();

    assertAWorkingLedgerAdoptedByMigrate(schema);
  }

  @Test
  void aSchemaHoldingTablesOfAnotherOriginIsRefusedByName() throws Exception {
    String schema = freshSchema("foreign");
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA \"" + schema + "\"");
      st.execute("CREATE TABLE \"" + schema + "\".accounts (id bigint)");
    }

    assertThatThrownBy(() -> PostgresLedgerSchema.migrate(dataSource, schema))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("schema")
        .hasMessageContaining("relation accounts")
        .hasMessageContaining("V1__ledger_schema.sql")
        .hasMessageContaining("but not relation transactions, relation entries");
    assertThat(PostgresLedgerSchema.currentVersion(dataSource, schema)).isZero();
  }

  @Test
  void aFlywayHistoryTableNamedLikeTheLibrarysIsNamedInTheError() throws Exception {
    String schema = freshSchema("clash");
    Flyway.configure().dataSource(dataSource).schemas(schema).table("schema_history")
        .locations(UserMigrationTools.LEDGER_LOCATION).load().migrate();

    assertThatThrownBy(() -> PostgresLedgerSchema.currentVersion(dataSource, schema))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has a table schema_history that is not this library's history")
        .hasMessageContaining("flyway_schema_history");
    assertThatThrownBy(() -> databaseHealth(schema)).hasMessageContaining("not this library's history");
  }
}
