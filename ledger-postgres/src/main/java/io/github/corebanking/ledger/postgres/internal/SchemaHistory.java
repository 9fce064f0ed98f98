package io.github.corebanking.ledger.postgres.internal;

import java.util.Map;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The one reader of a schema's migration history: which modules are applied, at which version.
 * Every "is this schema migrated" question of the library (the schema classes, the loan store's
 * check, the diagnostics' and health checks' schema version) is answered here. Not supported for
 * use outside the library.
 */
public final class SchemaHistory {

  private SchemaHistory() {}

  /**
   * @param h      a handle of a Jdbi made by {@link PostgresJdbi#create} for {@code schema}
   * @param schema the schema, validated
   * @return module name to its highest applied version; empty when the schema has no history
   */
  public static Map<String, Integer> versions(Handle h, String schema) {
    SchemaHistorySql sql = h.attach(SchemaHistorySql.class);
    return sql.historyExists(schema) ? Map.copyOf(sql.versions()) : Map.of();
  }

  /**
   * @param h      a handle of a Jdbi made by {@link PostgresJdbi#create} for {@code schema}
   * @param schema the schema, validated
   * @param module a module name, such as {@code ledger}
   * @return the module's highest applied version, empty when it was never applied
   */
  public static OptionalInt version(Handle h, String schema, String module) {
    Integer v = versions(h, schema).get(module);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }

  /**
   * @param dataSource the database
   * @param schema     the schema, validated here
   * @param module     a module name
   * @return the module's highest applied version, or 0 when it was never applied
   * @throws io.github.corebanking.ledger.InvalidRequestException naming {@code schema} when the
   *                                                              name is not acceptable
   * @throws io.github.corebanking.ledger.LedgerException         when the database cannot be read
   */
  public static int version(DataSource dataSource, String schema, String module) {
    try {
      return PostgresJdbi.create(dataSource, schema).withHandle(h -> version(h, schema, module).orElse(0));
    } catch (JdbiException e) {
      throw MigrationRunner.translate(e, "reading the schema history of " + schema);
    }
  }
}
