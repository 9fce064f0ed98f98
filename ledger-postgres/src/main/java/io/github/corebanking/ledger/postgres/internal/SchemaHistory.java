package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.postgres.internal.ScriptObjects.DbObject;
import io.github.corebanking.ledger.postgres.spi.SchemaModule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The one reader of what a schema holds of each module: the versions recorded in its history
 * table, and, for scripts that another tool (Flyway, Liquibase) ran without recording them there,
 * the objects those scripts leave behind ({@link ScriptObjects}). Every "is this schema migrated"
 * question of the library (the schema classes, the loan store's check, the diagnostics' and health
 * checks' schema version, the runner's requirements) is answered here. Not supported for use
 * outside the library.
 */
public final class SchemaHistory {

  private static final Map<String, Map<Integer, Set<DbObject>>> FINGERPRINTS = new ConcurrentHashMap<>();

  private SchemaHistory() {}

  /**
   * What a schema holds of one script that its history does not record.
   *
   * @param present the script's fingerprint objects found in the schema
   * @param missing those not found
   */
  public record Detected(Set<DbObject> present, Set<DbObject> missing) {
    /** @return whether every object of the script's fingerprint is there: the script was run */
    public boolean applied() {
      return !present.isEmpty() && missing.isEmpty();
    }

    /** @return whether some objects are there and others not: the schema was not built by the script */
    public boolean partial() {
      return !present.isEmpty() && !missing.isEmpty();
    }
  }

  /**
   * @param h      a handle of a Jdbi made by {@link PostgresJdbi#create} for {@code schema}
   * @param schema the schema, validated
   * @return module name to its highest recorded version; empty when the schema has no history
   * @throws InvalidRequestException naming {@code schema} when its {@code schema_history} table is
   *                                 another tool's
   */
  public static Map<String, Integer> recorded(Handle h, String schema) {
    SchemaHistorySql sql = h.attach(SchemaHistorySql.class);
    return hasHistory(sql, schema) ? Map.copyOf(sql.versions()) : Map.of();
  }

  /**
   * @param sql    the history's statements
   * @param schema the schema, validated
   * @return whether the schema has the library's history table
   * @throws InvalidRequestException naming {@code schema} when a table of that name is another tool's
   */
  static boolean hasHistory(SchemaHistorySql sql, String schema) {
    String kind = sql.historyKind(schema);
    if ("foreign".equals(kind)) {
      throw new InvalidRequestException("schema", schema, "has a table schema_history that is not this library's "
          + "history (it lacks the columns module, version and checksum): another migration tool made it; give that "
          + "tool's history table another name, such as Flyway's default flyway_schema_history");
    }
    return "ours".equals(kind);
  }

  /**
   * The version a schema holds of a module: the highest version up to which every script is
   * either recorded in the history or recognised by its objects.
   *
   * @param h      a handle of a Jdbi made by {@link PostgresJdbi#create} for {@code schema}
   * @param schema the schema, validated
   * @param module the module
   * @return that version; empty when the schema holds none of the module
   */
  public static OptionalInt version(Handle h, String schema, SchemaModule module) {
    SortedMap<Integer, String> scripts = MigrationRunner.scripts(module);
    Integer recorded = recorded(h, schema).get(module.name());
    int version = recorded == null ? 0 : recorded;
    if (version < scripts.lastKey()) {
      Set<Integer> applied = applied(detect(h, schema, module, scripts.tailMap(version + 1).keySet()));
      for (Integer v : scripts.tailMap(version + 1).keySet()) {
        if (!applied.contains(v)) {
          break;
        }
        version = v;
      }
    }
    return version == 0 ? OptionalInt.empty() : OptionalInt.of(version);
  }

  /**
   * @param dataSource the database
   * @param schema     the schema, validated here
   * @param module     the module
   * @return the version the schema holds of the module, or 0 when it holds none of it
   * @throws InvalidRequestException naming {@code schema} when the name is not acceptable
   * @throws io.github.corebanking.ledger.LedgerException when the database cannot be read
   */
  public static int version(DataSource dataSource, String schema, SchemaModule module) {
    try {
      return PostgresJdbi.create(dataSource, schema).withHandle(h -> version(h, schema, module).orElse(0));
    } catch (JdbiException e) {
      throw SqlStates.translate(e, "reading the schema history of " + schema);
    }
  }

  /**
   * Looks for the objects of some of a module's scripts in a schema, in one query.
   *
   * @param h        a handle of a Jdbi made by {@link PostgresJdbi#create} for {@code schema}
   * @param schema   the schema, validated
   * @param module   the module
   * @param versions the scripts' versions
   * @return version to what was found, ascending
   */
  public static SortedMap<Integer, Detected> detect(Handle h, String schema, SchemaModule module,
      Collection<Integer> versions) {
    Map<Integer, Set<DbObject>> fingerprints = fingerprints(module);
    List<String> kinds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Integer v : versions) {
      for (DbObject o : fingerprints.getOrDefault(v, Set.of())) {
        kinds.add(o.kind().name().toLowerCase(Locale.ROOT));
        names.add(o.name());
      }
    }
    Set<String> present = kinds.isEmpty() ? Set.of() : new HashSet<>(h.attach(SchemaHistorySql.class)
        .present(schema, kinds.toArray(String[]::new), names.toArray(String[]::new)));
    SortedMap<Integer, Detected> result = new TreeMap<>();
    for (Integer v : versions) {
      Set<DbObject> found = new LinkedHashSet<>();
      Set<DbObject> missing = new LinkedHashSet<>();
      for (DbObject o : fingerprints.getOrDefault(v, Set.of())) {
        (present.contains(o.toString()) ? found : missing).add(o);
      }
      result.put(v, new Detected(Collections.unmodifiableSet(found), Collections.unmodifiableSet(missing)));
    }
    return result;
  }

  /**
   * The scripts a schema was built by, among those its history does not record: each whose
   * fingerprint is all there, and each with no fingerprint of its own (it creates nothing that
   * stays) that comes before one of those.
   *
   * @param detected what {@link #detect} found
   * @return the versions of the scripts run, ascending
   */
  public static Set<Integer> applied(SortedMap<Integer, Detected> detected) {
    int last = 0;
    for (Map.Entry<Integer, Detected> d : detected.entrySet()) {
      if (d.getValue().applied()) {
        last = d.getKey();
      }
    }
    Set<Integer> applied = new java.util.TreeSet<>();
    for (Map.Entry<Integer, Detected> d : detected.entrySet()) {
      Detected found = d.getValue();
      if (found.applied() || (d.getKey() < last && found.present().isEmpty() && found.missing().isEmpty())) {
        applied.add(d.getKey());
      }
    }
    return applied;
  }

  /**
   * @param module a module
   * @return version to its script's fingerprint ({@link ScriptObjects#fingerprints}), read once per module
   */
  public static Map<Integer, Set<DbObject>> fingerprints(SchemaModule module) {
    SortedMap<Integer, String> scripts = MigrationRunner.scripts(module);
    String key = module.getClass().getName() + '|' + module.name() + '|' + module.scriptLocation() + '|' + scripts;
    return FINGERPRINTS.computeIfAbsent(key, k -> {
      SortedMap<Integer, String> texts = new TreeMap<>();
      for (Map.Entry<Integer, String> s : scripts.entrySet()) {
        texts.put(s.getKey(), module.read(s.getValue()));
      }
      return Collections.unmodifiableMap(new LinkedHashMap<>(ScriptObjects.fingerprints(texts)));
    });
  }
}
