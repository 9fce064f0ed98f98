package io.github.corebanking.ledger.postgres.loan;

import java.sql.Connection;
import java.sql.Statement;
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
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The user's own Flyway and Liquibase, set up the way docs/loans.md tells a user to. */
final class LoanUserTools {

  static final String LEDGER_LOCATION = "classpath:io/github/corebanking/ledger/postgres/migration";
  static final String LOANS_LOCATION = "classpath:io/github/corebanking/ledger/postgres/loan/migration";
  static final String LOANS_CHANGELOG = PostgresLoanSchema.LIQUIBASE_CHANGELOG;
  /** A test resource: the user's master change log, including the ledger's and the loans'. */
  static final String MASTER_CHANGELOG = "user-changelog.xml";

  private LoanUserTools() {}

  /** One Flyway run over both modules' scripts, as docs/loans.md configures it. */
  static FluentConfiguration oneFlyway(DataSource ds, String schema) {
    return Flyway.configure().dataSource(ds).schemas(schema).locations(LEDGER_LOCATION, LOANS_LOCATION).outOfOrder(true);
  }

  static void flyway(DataSource ds, String schema) {
    oneFlyway(ds, schema).load().migrate();
  }

  /** The ledger's scripts only, by a Flyway of their own. */
  static void flywayLedgerOnly(DataSource ds, String schema) {
    Flyway.configure().dataSource(ds).schemas(schema).locations(LEDGER_LOCATION).load().migrate();
  }

  /** The loans' scripts by a second Flyway with a history table of its own, as docs/loans.md configures it. */
  static void secondFlywayForLoans(DataSource ds, String schema) {
    Flyway.configure().dataSource(ds).schemas(schema).locations(LOANS_LOCATION).table("flyway_loans_history")
        .baselineOnMigrate(true).load().migrate();
  }

  /** Liquibase over a change log, with its tables in the ledger's schema, created beforehand. */
  static void liquibase(DataSource ds, String schema, String changelog) throws Exception {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
    }
    try (Connection c = ds.getConnection()) {
      Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      db.setDefaultSchemaName(schema);
      db.setLiquibaseSchemaName(schema);
      Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor()), () ->
          new CommandScope(UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
              .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
              .execute());
    }
  }
}
