package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.internal.MigrationRunner;
import io.github.corebanking.ledger.postgres.internal.SchemaHistory;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The ledger's database schema: validates schema names and applies the migrations shipped in this
 * jar and in every other module on the classpath that has a schema of its own (such as
 * {@code ledger-loans}).
 *
 * <pre>{@code
 * PostgresLedgerSchema.migrate(dataSource, "ledger");   // idempotent; safe from many nodes at once
 * }</pre>
 *
 * <p>The schema is made of {@linkplain SchemaModule modules}: the ledger's own ({@value #MODULE},
 * scripts under {@value #MIGRATION_LOCATION}) and each module registered through
 * {@link ServiceLoader}. {@link #migrate} creates the schema and applies every module, each after
 * the modules it requires and in one transaction of its own, taken under a transaction-level
 * advisory lock keyed on the schema, so two processes migrating at once apply each script once.
 * Every applied script is recorded with its SHA-256 checksum in the schema's one history table,
 * {@value #HISTORY_TABLE}, keyed by module and version.
 *
 * <p>The scripts are plain SQL, named the Flyway way ({@code V1__ledger_schema.sql}), with
 * unqualified names: they run in whatever schema is first on the {@code search_path}. Your own
 * Flyway or Liquibase may apply them instead: point Flyway's {@code locations} at
 * {@code classpath:io/github/corebanking/ledger/postgres/migration} (and each other module's
 * folder, with {@code outOfOrder}) and {@code schemas} at the ledger's schema; or include
 * {@value #LIQUIBASE_CHANGELOG} with the ledger's schema as Liquibase's default schema. Each
 * script such a tool applied is recognised by the objects it created, so {@link #currentVersion},
 * the health checks and the stores work on that schema, and {@link #migrate} adopts it.
 */
public final class PostgresLedgerSchema {

  /** The ledger's module name in {@value #HISTORY_TABLE}. */
  public static final String MODULE = "ledger";
  /** Where the ledger's migration scripts live on the classpath. */
  public static final String MIGRATION_LOCATION = "/io/github/corebanking/ledger/postgres/migration/";
  /** The ledger's Liquibase change log on the classpath: one change set per script. */
  public static final String LIQUIBASE_CHANGELOG = "io/github/corebanking/ledger/postgres/migration/changelog.xml";
  /** The table, in the ledger's schema, that records every module's applied migrations. */
  public static final String HISTORY_TABLE = "schema_history";
  /** The pattern every schema name must match. */
  public static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final SchemaModule LEDGER = new LedgerModule();

  /** The ledger's own tables, functions and triggers. */
  private static final class LedgerModule implements SchemaModule {
    @Override
    public String name() {
      return MODULE;
    }

    @Override
    public String scriptLocation() {
      return MIGRATION_LOCATION;
    }

    @Override
    public String toString() {
      return "SchemaModule[" + MODULE + "]";
    }
  }

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

  /** @return the ledger's migration scripts' resource names, in the order they apply */
  public static List<String> migrationScripts() {
    return List.copyOf(MigrationRunner.scripts(LEDGER).values());
  }

  /** @return the ledger's schema version this library expects: the highest of its scripts */
  public static int latestVersion() {
    return MigrationRunner.latestVersion(LEDGER);
  }

  /** @return the ledger's own schema module */
  public static SchemaModule ledgerModule() {
    return LEDGER;
  }

  /**
   * The modules {@link #migrate} applies: the ledger's and every {@link SchemaModule} found by
   * {@link ServiceLoader} through the thread's context class loader, each after those it requires.
   *
   * @return the modules, in the order they apply
   * @throws InvalidRequestException naming the module when two share a name or a required module
   *                                 is missing
   */
  public static List<SchemaModule> modules() {
    Map<String, SchemaModule> byName = new LinkedHashMap<>();
    byName.put(LEDGER.name(), LEDGER);
    for (SchemaModule m : ServiceLoader.load(SchemaModule.class)) {
      SchemaModule earlier = byName.putIfAbsent(m.name(), m);
      if (earlier != null && earlier.getClass() != m.getClass()) {
        throw new InvalidRequestException("module", m.name(), "is registered twice, by "
            + earlier.getClass().getName() + " and " + m.getClass().getName());
      }
    }
    return MigrationRunner.inOrder(byName);
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
    String text = org.jdbi.v3.core.locator.ClasspathSqlLocator.removingComments()
        .locate(PostgresLedgerSchema.class, "runtimeGrants").replace("<schema>", quoted)
        .replace("<role>", '"' + role + '"');
    List<String> statements = new java.util.ArrayList<>();
    for (String statement : text.split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return List.copyOf(statements);
  }

  /**
   * Creates the schema if needed and applies every migration of every {@linkplain #modules() module}
   * that it lacks: the ledger's, then the others, each module in one transaction. Idempotent;
   * concurrent calls for the same schema are serialized by an advisory lock. Scripts that another
   * tool (Flyway, Liquibase) applied are recognised by their objects and recorded, never run again.
   *
   * @param dataSource where the ledger lives; needs a role that may create schemas and tables
   * @param schema     the ledger's schema
   * @return how many scripts were applied, all modules together (0 when the schema was up to date)
   * @throws InvalidRequestException    naming {@code schema} when the name is not acceptable, or when
   *                                    the schema holds some of a script's objects but not the others
   * @throws MigrationChecksumException naming the script when an applied script was changed
   * @throws StoreUnavailableException  when the database cannot be reached or the schema is newer
   *                                    than this library
   */
  public static int migrate(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    validateSchemaName(schema);
    return MigrationRunner.migrate(dataSource, schema, modules());
  }

  /**
   * The ledger's migration version in a schema: from its history table, and for scripts that
   * another tool (Flyway, Liquibase) ran, from the objects they created.
   *
   * @param dataSource the database
   * @param schema     the ledger's schema
   * @return the highest version up to which every script was applied, by any tool; 0 when none was
   * @throws InvalidRequestException naming {@code schema} when the name is not acceptable
   */
  public static int currentVersion(DataSource dataSource, String schema) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    return SchemaHistory.version(dataSource, validateSchemaName(schema), LEDGER);
  }
}
