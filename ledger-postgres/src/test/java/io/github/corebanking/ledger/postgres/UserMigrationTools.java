package io.github.corebanking.ledger.postgres;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The user's own migration tools, set up the way the README tells a user to: Flyway over the
 * shipped script folders, Liquibase over the shipped change log.
 */
final class UserMigrationTools {

  /** Flyway's location of the ledger's scripts, as the README gives it. */
  static final String LEDGER_LOCATION = "classpath:io/github/corebanking/ledger/postgres/migration";
  /** The ledger's change log, as the README gives it. */
  static final String LEDGER_CHANGELOG = PostgresLedgerSchema.LIQUIBASE_CHANGELOG;

  private UserMigrationTools() {}

  /** Flyway's Java API, one instance over the given locations, with its default history table. */
  static MigrateResult flyway(DataSource ds, String schema, String... locations) {
    return Flyway.configure().dataSource(ds).schemas(schema).locations(locations).load().migrate();
  }

  /** Flyway up to one version only, as a schema looks that a Flyway user built with an older release. */
  static MigrateResult flywayTo(DataSource ds, String schema, String target, String... locations) {
    return Flyway.configure().dataSource(ds).schemas(schema).locations(locations).target(target).load().migrate();
  }

  /**
   * Liquibase's update of a change log with the schema as default schema.
   *
   * @param liquibaseSchema where Liquibase keeps its own tables
   * @param changeLogTable  their name prefix: tests sharing {@code public} need their own
   */
  static void liquibase(DataSource ds, String schema, String liquibaseSchema, String changeLogTable,
      String changelog) throws Exception {
    try (Connection c = ds.getConnection()) {
      Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      db.setDefaultSchemaName(schema);
      db.setLiquibaseSchemaName(liquibaseSchema);
      db.setDatabaseChangeLogTableName(changeLogTable);
      db.setDatabaseChangeLogLockTableName(changeLogTable + "_lock");
      Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor()), () ->
          new CommandScope(UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
              .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
              .execute());
    }
  }

  /** Liquibase with its tables in the ledger's schema, created beforehand. */
  static void liquibase(DataSource ds, String schema, String changelog) throws Exception {
    try (Connection c = ds.getConnection(); var st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
    }
    liquibase(ds, schema, schema, "databasechangelog", changelog);
  }
}
