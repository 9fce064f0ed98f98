package io.github.corebanking.ledger.postgres.jobs;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner's statistics of the ledger's tables: {@code ANALYZE} on every table,
 * partitioned table and materialized view of the schema (a partitioned table's partitions are
 * analyzed with it). The guide's weekly ANALYZE, as a job: after a bulk load, a month's partition
 * filling up, or when plans go bad.
 *
 * <p>{@code ANALYZE} reads a sample of each table and takes a lock that does not block reads or
 * postings, so it is safe on a production primary at any hour; it needs the tables' owner (the
 * role that ran the migrations), not the application's runtime role: build the
 * {@link PostgresLedgerJobs} that makes it over the owner's {@code DataSource}. A schema without
 * tables fails the run.
 *
 * <p>Counts: {@code tables} (analyzed relations), {@code partitions} (partitions analyzed with
 * their parents). Recommended schedule: weekly (Sunday 04:00), and after bulk loads.
 *
 * <pre>{@code
 * LedgerJob analyze = PostgresLedgerJobs.builder(ownerDataSource).schema("ledger").build().analyze();
 * JobResult result = analyze.run();   // SUCCEEDED, counts {tables=6, partitions=4}
 * }</pre>
 */
public final class AnalyzeJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "analyze";

  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeJob.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

  AnalyzeJob(JobContext context) {
    super(NAME, context);
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
    String schema = context().schema();
    AnalyzeSql sql = handle.attach(AnalyzeSql.class);
    List<String> relations = sql.topLevelRelations(schema);
    if (relations.isEmpty()) {
      throw new IllegalStateException("schema " + schema + " has no tables: is the ledger migrated there?");
    }
    long tables = 0;
    for (String relation : relations) {
      // Names come from the catalog; anything that is not a plain identifier is left alone.
      if (!IDENTIFIER.matcher(relation).matches()) {
        LOG.debug("analyze skips relation {} in schema {}: not a plain identifier", relation, schema);
        continue;
      }
      sql.analyze('"' + relation + '"');
      tables++;
    }
    long partitions = sql.partitions(schema);
    counts.put("tables", tables);
    counts.put("partitions", partitions);
    return "analyzed " + tables + " tables of schema " + schema + " (" + partitions + " partitions with them)";
  }
}
