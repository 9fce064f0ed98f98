package io.github.corebanking.ledger.postgres.jobs;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@link AnalyzeJob}'s statements; catalog filters bind the schema as a value. */
@UseClasspathSqlLocator
interface AnalyzeSql {

  /** Tables, partitioned tables and materialized views of the schema that are not partitions. */
  @SqlQuery
  List<String> topLevelRelations(@Bind("schema") String schema);

  @SqlQuery
  long partitions(@Bind("schema") String schema);

  /** {@code ANALYZE} of one relation, its name a quoted identifier read from the catalog. */
  @SqlUpdate
  void analyze(@Define("relation") String quotedRelation);
}
