package io.github.corebanking.ledger.postgres.internal;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The statements of the schema's one migration history, {@code schema_history}, keyed by module and
 * version. Used by {@link MigrationRunner} and {@link SchemaHistory} only.
 */
@UseClasspathSqlLocator
interface SchemaHistorySql {

  /** Takes the schema's migration lock until the transaction ends. */
  @SqlQuery
  int lock(@Bind("key") String key);

  @SqlUpdate
  void createSchema();

  @SqlUpdate
  void searchPath();

  @SqlUpdate
  void createHistory();

  /** {@code none}, {@code ours} or {@code foreign}: what the table named schema_history is. */
  @SqlQuery
  String historyKind(@Bind("schema") String schema);

  /** Of the objects given as parallel arrays of kinds and names, those present, as "kind name". */
  @SqlQuery
  List<String> present(@Bind("schema") String schema, @Bind("kinds") String[] kinds, @Bind("names") String[] names);

  /** Version to checksum of one module's applied scripts. */
  @SqlQuery
  @KeyColumn("version")
  @ValueColumn("checksum")
  Map<Integer, String> applied(@Bind("module") String module);

  @SqlUpdate
  void record(@Bind("module") String module, @Bind("version") int version, @Bind("script") String script,
      @Bind("checksum") String checksum, @Bind("executionMs") long executionMs);

  /** Moves a recorded script to the version it ships under now (same text, new number). */
  @SqlUpdate
  void renumber(@Bind("module") String module, @Bind("formerVersion") int formerVersion,
      @Bind("version") int version, @Bind("script") String script);

  /** Module to the highest applied version. */
  @SqlQuery
  @KeyColumn("module")
  @ValueColumn("version")
  Map<String, Integer> versions();
}
