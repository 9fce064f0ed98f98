package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the planner's statistics of the ledger's tables: {@code ANALYZE} on every table,
 * partitioned table and materialized view of the schema (a partitioned table's partitions are
 * analyzed with it). The guide's weekly ANALYZE, as a job: after a bulk load, a month's partition
 * filling up, or when plans go bad.
 *
 * <p>Like the store's other jobs, a run takes the session advisory lock of the job on its schema
 * (a run that finds it taken returns SKIPPED at once), is recorded in the schema's
 * {@code job_runs} table, and reports a failure as a FAILED result, never an exception.
 * {@code ANALYZE} reads a sample of each table and takes a lock that does not block reads or
 * postings, so it is safe on a production primary at any hour; it needs the tables' owner (the
 * role that ran the migrations), not the application's runtime role.
 *
 * <p>Counts: {@code tables} (analyzed relations), {@code partitions} (partitions analyzed with
 * their parents). Recommended schedule: weekly (Sunday 04:00), and after bulk loads.
 *
 * <pre>{@code
 * LedgerJob analyze = new AnalyzeJob(dataSource, "ledger", Clock.systemUTC());
 * JobResult result = analyze.run();   // SUCCEEDED, counts {tables=6, partitions=4}
 * }</pre>
 */
public final class AnalyzeJob implements LedgerJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "analyze";

  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeJob.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

  /** The job's statements. */
  interface Sql {
    @SqlQuery("SELECT pg_try_advisory_lock(hashtextextended('corebanking-ledger:job:' || :schema || ':' || :job, 0))")
    boolean tryLock(@Bind("schema") String schema, @Bind("job") String job);

    @SqlQuery("SELECT pg_advisory_unlock(hashtextextended('corebanking-ledger:job:' || :schema || ':' || :job, 0))")
    boolean unlock(@Bind("schema") String schema, @Bind("job") String job);

    @SqlQuery("""
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
        ORDER BY c.relname
        """)
    List<String> topLevelRelations(@Bind("schema") String schema);

    @SqlQuery("""
        SELECT count(*)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = :schema AND c.relispartition AND c.relkind IN ('r', 'p')
        """)
    long partitions(@Bind("schema") String schema);

    @SqlUpdate("ANALYZE <schema>.<relation>")
    void analyze(@Define("relation") String quotedRelation);

    @SqlUpdate("""
        INSERT INTO <schema>.job_runs (job_name, status, started_at, duration_ms, counts, message)
        VALUES (:job, :status, :startedAt, :durationMs, CAST(:counts AS jsonb), :message)
        """)
    void record(@Bind("job") String job, @Bind("status") String status, @Bind("startedAt") Instant startedAt,
        @Bind("durationMs") long durationMs, @Bind("counts") String counts, @Bind("message") String message);
  }

  private final Jdbi jdbi;
  private final String schema;
  private final Clock clock;

  /**
   * @param dataSource the ledger's database, as a role that owns its tables
   * @param schema     the ledger's schema
   * @param clock      the clock for run time stamps
   * @throws InvalidRequestException naming the field that is missing or not acceptable
   */
  public AnalyzeJob(DataSource dataSource, String schema, Clock clock) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    if (clock == null) {
      throw new InvalidRequestException("clock", null, "must not be null");
    }
    this.schema = PostgresLedgerSchema.validateSchemaName(schema);
    this.clock = clock;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin())
        .define("schema", PostgresLedgerSchema.quotedSchema(schema));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobResult run() {
    Instant startedAt = clock.instant();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    JobResult result;
    try (Handle handle = jdbi.open()) {
      Sql sql = handle.attach(Sql.class);
      if (!sql.tryLock(schema, NAME)) {
        result = new JobResult(NAME, JobStatus.SKIPPED, startedAt, since(t0), Map.of(), "another run holds the lock");
      } else {
        try {
          result = analyze(sql, startedAt, t0, counts);
        } finally {
          unlock(sql);
        }
      }
      record(sql, result);
    } catch (RuntimeException e) {
      LOG.warn("job {} on schema {} failed", NAME, schema, e);
      return new JobResult(NAME, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
    }
    if (result.status() == JobStatus.FAILED) {
      LOG.warn("job {} on schema {} failed: {}", NAME, schema, result.message());
    }
    return result;
  }

  private JobResult analyze(Sql sql, Instant startedAt, long t0, Map<String, Long> counts) {
    try {
      List<String> relations = sql.topLevelRelations(schema);
      if (relations.isEmpty()) {
        return new JobResult(NAME, JobStatus.FAILED, startedAt, since(t0), counts,
            "schema " + schema + " has no tables: is the ledger migrated there?");
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
      return new JobResult(NAME, JobStatus.SUCCEEDED, startedAt, since(t0), counts,
          "analyzed " + tables + " tables of schema " + schema + " (" + partitions + " partitions with them)");
    } catch (RuntimeException e) {
      return new JobResult(NAME, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
    }
  }

  private void unlock(Sql sql) {
    try {
      sql.unlock(schema, NAME);
    } catch (RuntimeException e) {
      // The server drops a session lock with its connection; closing the handle ends this one.
      LOG.warn("job {} could not release its lock on schema {}: {}", NAME, schema, e.toString());
    }
  }

  private void record(Sql sql, JobResult result) {
    try {
      sql.record(NAME, result.status().name(), result.startedAt(), result.duration().toMillis(),
          Counts.json(result.counts()), result.message());
    } catch (RuntimeException e) {
      LOG.warn("job {} could not record its run in {}.job_runs: {}", NAME, schema, e.toString());
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
