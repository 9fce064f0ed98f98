package io.github.corebanking.ledger.postgres.jobs;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The statements every job runs around its work: the advisory lock and the {@code job_runs} record.
 * {@code <schema>} is the validated, quoted schema name defined on the Jdbi instance.
 */
interface JobRunSql {

  /** Session lock: held across the job's transactions, released by {@link #unlock} or on disconnect. */
  @SqlQuery("SELECT pg_try_advisory_lock(hashtextextended('corebanking-ledger:job:' || :schema || ':' || :job, 0))")
  boolean tryLock(@Bind("schema") String schema, @Bind("job") String job);

  @SqlQuery("SELECT pg_advisory_unlock(hashtextextended('corebanking-ledger:job:' || :schema || ':' || :job, 0))")
  boolean unlock(@Bind("schema") String schema, @Bind("job") String job);

  @SqlUpdate("""
      INSERT INTO <schema>.job_runs (job_name, status, started_at, duration_ms, counts, message)
      VALUES (:job, :status, :startedAt, :durationMs, CAST(:counts AS jsonb), :message)
      """)
  void record(@Bind("job") String job, @Bind("status") String status, @Bind("startedAt") Instant startedAt,
      @Bind("durationMs") long durationMs, @Bind("counts") String countsJson, @Bind("message") String message);
}
