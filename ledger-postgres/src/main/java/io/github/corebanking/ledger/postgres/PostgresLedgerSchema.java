package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.postgres.internal.SqlResources;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The ledger's database schema: validates schema names and applies the migrations shipped in this
 * jar.
 *
 * <pre>{@code
 * PostgresLedgerSchema.migrate(dataSource, "ledger");   // idempotent; safe from many nodes at once
 * }</pre>
 *
 * <p>The migrations are plain SQL resources under {@value #MIGRATION_LOCATION}, named the Flyway
 * way ({@code V1__ledger_schema.sql}), with unqualified names: they run in whatever schema is
 * first on the {@code search_path}. {@link #migrate} creates the schema, sets the search path for
 * its transaction, applies what is missing in version order and records each script in
 * {@value #HISTORY_TABLE} in that schema, all under a transaction-level advisory lock keyed on the
 * schema, so two processes migrating at once apply each script once. To run them from your own
 * Flyway instead, point {@code locations} at {@code classpath:io/github/corebanking/ledger/postgres/migration}
 * and set {@code schemas}/{@code defaultSchema} to the ledger's schema; with Liquibase, include each
 * file as a {@code sqlFile} with {@code splitStatements="false"} and {@code defaultSchemaName} set.
 */
public final class PostgresLedgerSchema {


  /** Where the migration scripts live on the classpath. */
  public static final String MIGRATION_LOCATION = "/io/github/corebanking/ledger/postgres/migration/";
  /** The table, in the ledger's schema, that records applied migrations. */
  public static final String HISTORY_TABLE = "ledger_schema_history";
  /** The pattern every schema name must match. */
  public static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The migration scripts, by version. */
  private static final TreeMap<Integer, String> MIGRATIONS = new TreeMap<>(Map.of(
      1, "V1__ledger_schema.sql",
      2, "V2__state_checks_and_checkpoints.sql",
      3, "V3__statement_index.sql"));

  private PostgresLedgerSchema() {}

  /**
   * Checks a schema name: lower-case letters, digits and underscores, starting with a letter or
   * underscore, at most 63 characters, and not a name PostgreSQL reserves.
   *
   * @param schema the name
   * @return the name
   * @throws InvalidRequestException naming {@code schema} when it is not acceptable
   */
  public static String validateSchemaName(String schema) {
    if (schema == null) {
      throw new InvalidRequestException("schema", null, "must not be null");
    }
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new InvalidRequestException("schema", schema,
          "must match ^[a-z_][a-z0-9_]{0,62}$ (lower-case letters, digits and _, at most 63 characters)");
    }
    if (schema.startsWith("pg_") || schema.equals("information_schema")) {
      throw new InvalidRequestException("schema", schema, "is reserved by PostgreSQL");
    }
    return schema;
  }

  /**
   * @param schema a schema name
   * @return the name validated and quoted as an SQL identifier, such as {@code "ledger"} in double quotes
   * @throws InvalidRequestException naming {@code schema} when it is not acceptable
   */
  public static String quotedSchema(String schema) {
    return '"' + validateSchemaName(schema) + '"';
  }

  /** @return the migration scripts' resource names, in the order they apply */
  public static List<String> migrationScripts() {
    return List.copyOf(MIGRATIONS.values());
  }

  /** @return the schema version this library expects */
  public static int latestVersion() {
    return ((TreeMap<Integer, String>) MIGRATIONS).lastKey();
  }

  /**
   * The GRANT statements for a runtime role: read and write what posting needs, with no UPDATE or
   * DELETE on entries (the store never needs them), no DDL, and EXECUTE on the partition
   * functions (which run as their owner). UPDATE on {@code transactions} is only for settling
   * holds; a trigger refuses any other change. Run them as the schema's owner after
   * {@link #migrate}.
   *
   * <pre>{@code
   * for (String grant : PostgresLedgerSchema.runtimeGrants("ledger", "ledger_app")) {
   *   statement.execute(grant);
   * }
   * }</pre>
   *
   * @param schema the ledger's schema
   * @param role   the runtime role, matching the same pattern as schema names
   * @return the statements, in order
   * @throws InvalidRequestException naming {@code schema} or {@code role} when not acceptable
   */
  public static List<String> runtimeGrants(String schema, String role) {
    String quoted = quotedSchema(schema);
    if (role == null || !SCHEMA_NAME.matcher(role).matches()) {
      throw new InvalidRequestException("role", role, "must match ^[a-z_][a-z0-9_]{0,62}$");
    }
    String text = SqlResources.text("/io/github/corebanking/ledger/postgres/sql/runtime_grants.sql")
        .replace("{schema}", quoted).replace("{role}", '"' + role + '"');
    List<String> statements = new java.util.ArrayList<>();
    for (String statement : text.split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return List.copyOf(statements);
  }

  /**
   * Creates the schema if needed and applies every migration it lacks, in one transaction.
   * Idempotent; concurrent calls for the same schema are serialized by an advisory lock.
   *
   * @param dataSource where the ledger lives; needs a role that may create schemas and tables
   * @param schema     the ledger's schema
   * @return how many migrations were applied (0 when the schema was up to date)
   * @throws InvalidRequestException   naming {@code schema} when the name is not acceptable
   * @throws StoreUnavailableException when the database cannot be reached, the schema is newer
   *                                   than this library, or an applied script was changed
   */
  public static int migrate(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    String quoted = quotedSchema(schema);
    return MigrationRunner.inTransaction(dataSource, "migrating schema " + schema, c -> migrate(c, schema, quoted));
  }

  private static int migrate(Connection c, String schema, String quoted) throws SQLException {
    SqlResources sql = new SqlResources(quoted);
    try (PreparedStatement lock = c.prepareStatement(sql.get("advisory_xact_lock"))) {
      lock.setString(1, "corebanking-ledger:migrate:" + schema);
      lock.execute();
    }
    try (Statement s = c.createStatement()) {
      s.execute(sql.get("migrate_create_schema"));
      s.execute(sql.get("migrate_search_path"));
      s.execute(sql.get("migrate_create_history"));
    }
    return MigrationRunner.applyScripts(c, schema, "migration", MIGRATIONS, MIGRATION_LOCATION,
        sql.get("migrate_read_history"), sql.get("migrate_record"));
  }

  /**
   * The migration version a schema is at, from its history table.
   *
   * @param dataSource the database
   * @param schema     the ledger's schema
   * @return the highest applied version, or 0 when the schema was never migrated by {@link #migrate}
   * @throws InvalidRequestException naming {@code schema} when the name is not acceptable
   */
  public static int currentVersion(DataSource dataSource, String schema) {
    SqlResources sql = new SqlResources(quotedSchema(schema));
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
      throw SqlStates.translate(e, "reading the schema version of " + schema);
    }
  }
}
