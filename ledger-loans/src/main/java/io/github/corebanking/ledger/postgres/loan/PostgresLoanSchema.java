package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The loan book's tables in a ledger's schema: applies the migrations shipped in this jar and
 * records them in their own history table, {@value #HISTORY_TABLE}.
 *
 * <pre>{@code
 * PostgresLedgerSchema.migrate(dataSource, "ledger");   // the ledger first
 * PostgresLoanSchema.migrate(dataSource, "ledger");     // idempotent; safe from many nodes at once
 * }</pre>
 *
 * <p>The scripts live under {@value #MIGRATION_LOCATION}, named the Flyway way
 * ({@code V1__loans.sql}, {@code V2__loan_aging.sql}) with unqualified names: they run in the
 * schema first on the {@code search_path}, after the ledger's own scripts (loans reference the
 * ledger's {@code accounts}). To run them from your own Flyway, use a second Flyway instance with
 * {@code locations} at {@code classpath:io/github/corebanking/ledger/postgres/loan/migration},
 * {@code table} {@value #HISTORY_TABLE} and the ledger's schema as {@code defaultSchema}.
 */
public final class PostgresLoanSchema {


  /** Where the migration scripts live on the classpath. */
  public static final String MIGRATION_LOCATION = "/io/github/corebanking/ledger/postgres/loan/migration/";
  /** The table, in the ledger's schema, that records applied loan migrations. */
  public static final String HISTORY_TABLE = "loan_schema_history";

  private static final TreeMap<Integer, String> MIGRATIONS = new TreeMap<>(Map.of(
      1, "V1__loans.sql",
      2, "V2__loan_aging.sql"));

  private PostgresLoanSchema() {}

  /** @return the migration scripts' resource names, in the order they apply */
  public static List<String> migrationScripts() {
    return List.copyOf(MIGRATIONS.values());
  }

  /** @return the loan schema version this library expects */
  public static int latestVersion() {
    return MIGRATIONS.lastKey();
  }

  /**
   * Applies every loan migration the schema lacks, in one transaction, under a transaction-level
   * advisory lock keyed on the schema, so concurrent calls apply each script once.
   *
   * @param dataSource where the ledger lives; needs a role that may create tables
   * @param schema     the ledger's schema, already migrated by {@link PostgresLedgerSchema#migrate}
   * @return how many migrations were applied (0 when up to date)
   * @throws InvalidRequestException   naming {@code schema} when the name is not acceptable or the
   *                                   schema holds no ledger
   * @throws StoreUnavailableException when the database cannot be reached, the schema is newer
   *                                   than this library, or an applied script was changed
   */
  public static int migrate(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    LoanSql sql = new LoanSql(PostgresLedgerSchema.quotedSchema(schema));
    return MigrationRunner.inTransaction(dataSource, "migrating the loan tables of schema " + schema,
        c -> migrate(c, schema, sql));
  }

  private static int migrate(Connection c, String schema, LoanSql sql) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(sql.get("migrate_lock"))) {
      lock.setString(1, schema);
      lock.execute();
    }
    try (PreparedStatement exists = c.prepareStatement(sql.get("migrate_ledger_exists"))) {
      exists.setString(1, schema);
      exists.setString(2, schema);
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new InvalidRequestException("schema", schema,
              "holds no ledger: apply PostgresLedgerSchema.migrate(dataSource, \"" + schema + "\") first");
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(sql.get("migrate_search_path"));
      s.execute(sql.get("migrate_create_history"));
    }
    return MigrationRunner.applyScripts(c, schema, "loan migration", MIGRATIONS, MIGRATION_LOCATION,
        sql.get("migrate_read_history"), sql.get("migrate_record"));
  }

  /**
   * The loan migration version a schema is at.
   *
   * @param dataSource the database
   * @param schema     the ledger's schema
   * @return the highest applied loan version, or 0 when the loan tables were never applied
   * @throws InvalidRequestException naming {@code schema} when the name is not acceptable
   */
  public static int currentVersion(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    LoanSql sql = new LoanSql(PostgresLedgerSchema.quotedSchema(schema));
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(sql.get("schema_version"))) {
        ps.setString(1, schema);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) < 0) {
            return 0;
          }
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.get("schema_version_read"))) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw SqlStates.translate(e, "reading the loan schema version of " + schema);
    }
  }
}
