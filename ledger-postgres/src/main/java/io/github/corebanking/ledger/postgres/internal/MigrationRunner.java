package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.MigrationChecksumException;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
      Matcher m = ClasspathScripts.SCRIPT.matcher(script);
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
   * Orders modules so that each comes after the ones it requires, and checks that no two share a
   * version.
   *
   * @param modules the modules, by name
   * @return them in an order they can be applied in
   * @throws InvalidRequestException naming the module when a requirement is missing or circular,
   *                                 or the script when its version is another module's
   */
  public static List<SchemaModule> inOrder(Map<String, SchemaModule> modules) {
    List<SchemaModule> ordered = new ArrayList<>();
    Map<String, Boolean> state = new LinkedHashMap<>();
    for (SchemaModule m : modules.values()) {
      visit(m, modules, state, ordered);
    }
    Map<Integer, String> owners = new TreeMap<>();
    for (SchemaModule m : ordered) {
      for (Map.Entry<Integer, String> s : scripts(m).entrySet()) {
        String other = owners.putIfAbsent(s.getKey(), m.name());
        if (other != null) {
          // One Flyway run over every module's scripts needs each version once.
          throw new InvalidRequestException("script", s.getValue(), "of module " + m.name()
              + " has the version of a script of module " + other + "; each module keeps its own range of versions");
        }
      }
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
   * transaction. A module whose requirements the schema does not hold is refused before anything
   * of it runs; a module that requires nothing creates the schema.
   *
   * @param dataSource the database
   * @param schema     the schema, validated here
   * @param modules    the modules, each after those it requires
   * @return how many scripts were run in all
   * @throws InvalidRequestException    naming {@code schema} when the name is not acceptable, a
   *                                    required module was never applied, or the schema holds
   *                                    objects of a script that it was not built by
   * @throws MigrationChecksumException when an applied script differs from the one shipped
   * @throws StoreUnavailableException  when the database fails or the schema is newer than the
   *                                    library
   */
  public static int migrate(DataSource dataSource, String schema, List<SchemaModule> modules) {
    return migrate(dataSource, schema, modules, modules);
  }

  /**
   * Applies what each of {@code modules} lacks, as {@link #migrate(DataSource, String, List)}, and
   * looks up the modules they require among {@code known} (to recognise a required module that
   * another tool applied).
   *
   * @param dataSource the database
   * @param schema     the schema, validated here
   * @param modules    the modules to apply, each after those it requires
   * @param known      every module, the required ones among them
   * @return how many scripts were run in all
   */
  public static int migrate(DataSource dataSource, String schema, List<SchemaModule> modules,
      Collection<SchemaModule> known) {
    Jdbi jdbi = PostgresJdbi.create(dataSource, schema);
    Map<String, SchemaModule> byName = new LinkedHashMap<>();
    for (SchemaModule m : known) {
      byName.put(m.name(), m);
    }
    for (SchemaModule m : modules) {
      byName.putIfAbsent(m.name(), m);
    }
    int applied = 0;
    for (SchemaModule module : modules) {
      SortedMap<Integer, String> scripts = scripts(module);
      try {
        applied += jdbi.inTransaction(h -> apply(h, schema, module, scripts, byName));
      } catch (SQLException e) {
        throw SqlStates.translate(e, "migrating module " + module.name() + " of schema " + schema);
      } catch (JdbiException e) {
        throw SqlStates.translate(e, "migrating module " + module.name() + " of schema " + schema);
      }
    }
    return applied;
  }

  private static int apply(Handle h, String schema, SchemaModule module, SortedMap<Integer, String> scripts,
      Map<String, SchemaModule> known) throws SQLException {
    SchemaHistorySql sql = h.attach(SchemaHistorySql.class);
    sql.lock("corebanking-ledger:migrate:" + schema);
    if (!module.requires().isEmpty()) {
      for (String required : module.requires()) {
        SchemaModule r = known.get(required);
        boolean held = r == null ? SchemaHistory.recorded(h, schema).containsKey(required)
            : SchemaHistory.version(h, schema, r).isPresent();
        if (!held) {
          throw new InvalidRequestException("schema", schema, "holds no " + required + " module, which module "
              + module.name() + " requires: apply PostgresLedgerSchema.migrate(dataSource, \"" + schema + "\")");
        }
      }
    } else {
      sql.createSchema();
    }
    sql.searchPath();
    SchemaHistory.hasHistory(sql, schema);
    sql.createHistory();
    Map<Integer, String> applied = renumbered(sql, schema, module, scripts);
    SortedMap<Integer, SchemaHistory.Detected> detected = new TreeMap<>(SchemaHistory.detect(h, schema, module,
        scripts.keySet().stream().filter(v -> !applied.containsKey(v)).toList()));
    Set<Integer> adopt = adoptable(schema, module, scripts, detected);
    int count = 0;
    for (Map.Entry<Integer, String> s : scripts.entrySet()) {
      String text = module.read(s.getValue());
      String checksum = sha256(text);
      String recordedChecksum = applied.get(s.getKey());
      if (recordedChecksum != null) {
        if (!recordedChecksum.equals(checksum)) {
          throw new MigrationChecksumException(schema, module.name(), s.getValue(), recordedChecksum, checksum);
        }
        continue;
      }
      if (adopt.contains(s.getKey())) {
        // Run by another tool (Flyway, Liquibase): its objects are there; record it, never run it twice.
        sql.record(module.name(), s.getKey(), s.getValue(), checksum, 0);
        LOG.info("schema {}: adopted {} {}, applied by another tool", schema, module.name(), s.getValue());
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
   * The module's recorded scripts by version, after moving any recorded under a former version
   * (a script renumbered in a later release, same text) to the version it ships under now.
   */
  private static Map<Integer, String> renumbered(SchemaHistorySql sql, String schema, SchemaModule module,
      SortedMap<Integer, String> scripts) {
    Map<Integer, String> applied = new TreeMap<>(sql.applied(module.name()));
    Map<String, Integer> shippedByChecksum = new LinkedHashMap<>();
    for (Map.Entry<Integer, String> s : scripts.entrySet()) {
      shippedByChecksum.putIfAbsent(sha256(module.read(s.getValue())), s.getKey());
    }
    for (Map.Entry<Integer, String> row : new TreeMap<>(applied).entrySet()) {
      int former = row.getKey();
      if (scripts.containsKey(former)) {
        continue;
      }
      Integer now = shippedByChecksum.get(row.getValue());
      if (now == null || applied.containsKey(now)) {
        throw new StoreUnavailableException("schema", schema, "has module " + module.name() + " at version "
            + former + ", which this library does not ship (its highest is " + scripts.lastKey()
            + "); upgrade the library");
      }
      sql.renumber(module.name(), former, now, scripts.get(now));
      applied.remove(former);
      applied.put(now, row.getValue());
      LOG.info("schema {}: {} version {} is now recorded as {}", schema, module.name(), former, scripts.get(now));
    }
    return applied;
  }

  /**
   * The unrecorded scripts the schema was built by (another tool ran them), after refusing a
   * schema whose objects do not match its scripts: some of a script's objects without
   * the others (the schema holds tables of another origin), or a later script recognised while an
   * earlier one is not.
   */
  private static Set<Integer> adoptable(String schema, SchemaModule module, SortedMap<Integer, String> scripts,
      SortedMap<Integer, SchemaHistory.Detected> detected) {
    Set<Integer> adopt = SchemaHistory.applied(detected);
    int last = adopt.isEmpty() ? 0 : Collections.max(adopt);
    for (Map.Entry<Integer, SchemaHistory.Detected> d : detected.entrySet()) {
      SchemaHistory.Detected found = d.getValue();
      String script = scripts.get(d.getKey());
      if (found.partial()) {
        throw new InvalidRequestException("schema", schema, "holds " + some(found.present()) + " of module "
            + module.name() + "'s " + script + " but not " + some(found.missing())
            + ": it was not built by that script; migrate an empty schema, or drop what is not the ledger's");
      }
      if (!adopt.contains(d.getKey()) && d.getKey() < last) {
        throw new InvalidRequestException("schema", schema, "holds the objects of module " + module.name() + "'s "
            + scripts.get(last) + " but not those of the earlier " + script + " " + some(found.missing())
            + ": it was not built by these scripts");
      }
    }
    return adopt;
  }

  /** The first few objects of a set, for a message. */
  private static String some(Set<?> objects) {
    List<String> shown = objects.stream().limit(4).map(Object::toString).toList();
    return String.join(", ", shown) + (objects.size() > shown.size() ? " and " + (objects.size() - shown.size())
        + " more" : "");
  }

  /**
   * @param text a script
   * @return its SHA-256 digest in hex
   */
  public static String sha256(String text) {
    return io.github.corebanking.ledger.internal.Sha256.hex(text);
  }
}
