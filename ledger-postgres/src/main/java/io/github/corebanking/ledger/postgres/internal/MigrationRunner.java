package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.MigrationChecksumException;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one migration runner: applies schema modules' scripts in version order, each module in one
 * database transaction under the schema's advisory lock, and records every script in
 * {@code schema_history} keyed by (module, version) with its SHA-256 checksum. Not supported for
 * use outside the library.
 */
public final class MigrationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
  private static final Pattern SCRIPT = Pattern.compile("V([1-9][0-9]{0,8})__[A-Za-z0-9_]+\\.sql");
  private static final Pattern MODULE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private MigrationRunner() {}

  /**
   * A module's scripts by version, checked: names the Flyway way, each version once.
   *
   * @param module the module
   * @return version to script name, ascending
   * @throws InvalidRequestException naming the module or script when it is not well formed
   */
  public static SortedMap<Integer, String> scripts(SchemaModule module) {
    String name = module.name();
    if (!MODULE.matcher(name).matches()) {
      throw new InvalidRequestException("module", name, "must match ^[a-z_][a-z0-9_]{0,62}$");
    }
    TreeMap<Integer, String> byVersion = new TreeMap<>();
    for (String script : module.scripts()) {
      Matcher m = SCRIPT.matcher(script);
      if (!m.matches()) {
        throw new InvalidRequestException("script", script, "of module " + name
            + " must be named V<version>__<description>.sql");
      }
      String earlier = byVersion.put(Integer.parseInt(m.group(1)), script);
      if (earlier != null) {
        throw new InvalidRequestException("script", script, "of module " + name + " has the version of " + earlier);
      }
    }
    if (byVersion.isEmpty()) {
      throw new InvalidRequestException("module", name, "has no scripts");
    }
    return byVersion;
  }

  /**
   * @param module a module
   * @return the version its scripts bring a schema to: the highest among them
   */
  public static int latestVersion(SchemaModule module) {
    return scripts(module).lastKey();
  }

  /**
   * Orders modules so that each comes after the ones it requires.
   *
   * @param modules the modules, by name
   * @return them in an order they can be applied in
   * @throws InvalidRequestException naming the module when a requirement is missing or circular
   */
  public static List<SchemaModule> inOrder(Map<String, SchemaModule> modules) {
    List<SchemaModule> ordered = new ArrayList<>();
    Map<String, Boolean> state = new LinkedHashMap<>();
    for (SchemaModule m : modules.values()) {
      visit(m, modules, state, ordered);
    }
    return List.copyOf(ordered);
  }

  private static void visit(SchemaModule m, Map<String, SchemaModule> modules, Map<String, Boolean> done,
      List<SchemaModule> ordered) {
    Boolean seen = done.get(m.name());
    if (Boolean.TRUE.equals(seen)) {
      return;
    }
    if (Boolean.FALSE.equals(seen)) {
      throw new InvalidRequestException("module", m.name(), "requires itself through " + m.requires());
    }
    done.put(m.name(), false);
    for (String required : m.requires()) {
      SchemaModule r = modules.get(required);
      if (r == null) {
        throw new InvalidRequestException("module", m.name(), "requires module " + required
            + ", which is not on the classpath");
      }
      visit(r, modules, done, ordered);
    }
    done.put(m.name(), true);
    ordered.add(m);
  }

  /**
   * Applies what each module lacks, module by module in the given order, each in its own
   * transaction. A module whose requirements are not in the history is refused before anything
   * of it runs; a module that requires nothing creates the schema.
   *
   * @param dataSource the database
   * @param schema     the schema, validated here
   * @param modules    the modules, each after those it requires
   * @return how many scripts were applied in all
   * @throws InvalidRequestException    naming {@code schema} when the name is not acceptable or a
   *                                    required module was never applied
   * @throws MigrationChecksumException when an applied script differs from the one shipped
   * @throws StoreUnavailableException  when the database fails or the schema is newer than the
   *                                    library
   */
  public static int migrate(DataSource dataSource, String schema, List<SchemaModule> modules) {
    Jdbi jdbi = PostgresJdbi.create(dataSource, schema);
    int applied = 0;
    for (SchemaModule module : modules) {
      SortedMap<Integer, String> scripts = scripts(module);
      try {
        applied += jdbi.inTransaction(h -> apply(h, schema, module, scripts));
      } catch (SQLException e) {
        throw SqlStates.translate(e, "migrating module " + module.name() + " of schema " + schema);
      } catch (JdbiException e) {
        throw translate(e, "migrating module " + module.name() + " of schema " + schema);
      }
    }
    return applied;
  }

  private static int apply(Handle h, String schema, SchemaModule module, SortedMap<Integer, String> scripts)
      throws SQLException {
    SchemaHistorySql sql = h.attach(SchemaHistorySql.class);
    sql.lock("corebanking-ledger:migrate:" + schema);
    if (!module.requires().isEmpty()) {
      Map<String, Integer> versions = SchemaHistory.versions(h, schema);
      for (String required : module.requires()) {
        if (!versions.containsKey(required)) {
          throw new InvalidRequestException("schema", schema, "holds no " + required + " module, which module "
              + module.name() + " requires: apply PostgresLedgerSchema.migrate(dataSource, \"" + schema + "\")");
        }
      }
    } else {
      sql.createSchema();
    }
    sql.searchPath();
    sql.createHistory();
    Map<Integer, String> applied = sql.applied(module.name());
    for (Integer version : applied.keySet()) {
      if (!scripts.containsKey(version)) {
        throw new StoreUnavailableException("schema", schema, "has module " + module.name() + " at version "
            + version + ", newer than this library's " + scripts.lastKey() + "; upgrade the library");
      }
    }
    int count = 0;
    for (Map.Entry<Integer, String> s : scripts.entrySet()) {
      String text = module.read(s.getValue());
      String checksum = sha256(text);
      String known = applied.get(s.getKey());
      if (known != null) {
        if (!known.equals(checksum)) {
          throw new MigrationChecksumException(schema, module.name(), s.getValue(), known, checksum);
        }
        continue;
      }
      long t0 = System.nanoTime();
      // A script is plain SQL for any migration tool: run as is, never through Jdbi's templating.
      try (Statement st = h.getConnection().createStatement()) {
        st.execute(text);
      }
      sql.record(module.name(), s.getKey(), s.getValue(), checksum, (System.nanoTime() - t0) / 1_000_000);
      LOG.info("schema {}: applied {} {}", schema, module.name(), s.getValue());
      count++;
    }
    return count;
  }

  /**
   * The typed exception for a Jdbi failure: the SQLSTATE of its cause, translated.
   *
   * @param e         the failure
   * @param operation what was being done
   * @return the exception to throw
   */
  static LedgerException translate(JdbiException e, String operation) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return SqlStates.translate(s, operation);
      }
    }
    return new StoreUnavailableException(null, null, operation + " failed: " + e.getMessage(), e);
  }

  /**
   * @param text a script
   * @return its SHA-256 digest in hex
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
