package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.internal.JobCounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The statements of the job frame on PostgreSQL: the job's session advisory lock, keyed on the
 * schema and the job's name, and the {@code job_runs} record and its retention.
 */
@UseClasspathSqlLocator
@RegisterRowMapper(JobRunSql.ResultMapper.class)
interface JobRunSql {

  /** Session lock: held across the job's transactions, released by {@link #unlock} or on disconnect. */
  @SqlQuery
  boolean tryLock(@Bind("schema") String schema, @Bind("job") String job);

  @SqlQuery
  boolean unlock(@Bind("schema") String schema, @Bind("job") String job);

  @SqlUpdate
  void record(@Bind("job") String job, @Bind("status") String status, @Bind("startedAt") Instant startedAt,
      @Bind("durationMs") long durationMs, @Bind("counts") String countsJson, @Bind("message") String message);

  @SqlQuery
  List<JobResult> recentRuns(@Bind("job") String job, @Bind("limit") int limit);

  /**
   * Deletes up to {@code batch} runs started before {@code cutoff}, and SKIPPED runs started
   * before {@code skippedCutoff}, keeping each job's latest SUCCEEDED run and its latest run that
   * did work (what the health checks read).
   */
  @SqlUpdate
  int pruneBatch(@Bind("cutoff") Instant cutoff, @Bind("skippedCutoff") Instant skippedCutoff,
      @Bind("batch") int batch);

  /** Maps a {@code job_runs} row. */
  final class ResultMapper implements RowMapper<JobResult> {
    @Override
    public JobResult map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new JobResult(rs.getString("job_name"), JobStatus.valueOf(rs.getString("status")),
          rs.getObject("started_at", OffsetDateTime.class).toInstant(), Duration.ofMillis(rs.getLong("duration_ms")),
          JobCounts.parse(rs.getString("counts")), rs.getString("message"));
    }
  }
}
