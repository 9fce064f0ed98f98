package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.internal.JobCounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The diagnostics' statements, each in {@code DiagnosticsSql/<method>.sql} beside this interface
 * except the two that read the schema history. {@code <schema>} is the validated, quoted schema
 * name defined on the Jdbi instance; catalog filters bind the schema as a value. Every statement
 * only reads.
 */
@RegisterRowMapper(DiagnosticsSql.BlockingLockMapper.class)
@RegisterRowMapper(DiagnosticsSql.TableSizeMapper.class)
@RegisterRowMapper(DiagnosticsSql.SlowStatementMapper.class)
@RegisterRowMapper(DiagnosticsSql.JobRunMapper.class)
@RegisterRowMapper(DiagnosticsSql.ServerMapper.class)
interface DiagnosticsSql extends SqlObject {

  /** What the server says about itself and the connection. */
  record Server(String serverVersion, String database, String user, boolean inRecovery) {}

  @SqlUpdate
  @UseClasspathSqlLocator
  void readOnly();

  @SqlQuery
  @UseClasspathSqlLocator
  String timeouts(@Bind("ms") String milliseconds);

  @SqlQuery("""
      SELECT current_setting('server_version') AS server_version,
             current_database() AS database,
             current_user AS user_name,
             pg_is_in_recovery() AS in_recovery
      """)
  Server server();

  @SqlQuery
  @UseClasspathSqlLocator
  List<BlockingLock> blockingLocks();

  @SqlQuery
  @UseClasspathSqlLocator
  List<TableSize> tableSizes(@Bind("schema") String schema);

  @SqlQuery
  @UseClasspathSqlLocator
  Optional<String> statementStatisticsSchema();

  @SqlQuery
  @UseClasspathSqlLocator
  List<SlowStatement> slowestPerCall(@Define("statements") String quotedSchema, @Bind("limit") int limit);

  @SqlQuery
  @UseClasspathSqlLocator
  List<SlowStatement> slowestInTotal(@Define("statements") String quotedSchema, @Bind("limit") int limit);

  @SqlQuery
  @UseClasspathSqlLocator
  List<String> entriesPartitions(@Bind("schema") String schema);

  @SqlQuery
  @UseClasspathSqlLocator
  Optional<LocalDate> latestSnapshotDate();

  @SqlQuery
  @UseClasspathSqlLocator
  boolean postedBetween(@Bind("from") Instant from, @Bind("to") Instant to);

  @SqlQuery
  @UseClasspathSqlLocator
  boolean snapshotsOn(@Bind("day") LocalDate day);

  @SqlQuery
  @UseClasspathSqlLocator
  List<UUID> accountsWithoutSnapshot(@Bind("day") LocalDate day, @Bind("from") Instant from, @Bind("to") Instant to,
      @Bind("limit") int limit);

  @SqlQuery
  @UseClasspathSqlLocator
  Optional<OffsetDateTime> lastSuccess(@Bind("job") String job);

  @SqlQuery
  @UseClasspathSqlLocator
  List<JobRun> lastRuns();

  @SqlQuery
  @UseClasspathSqlLocator
  Optional<JobRun> lastRun(@Bind("job") String job);

  @SqlQuery
  @UseClasspathSqlLocator
  List<JobRun> runs(@Bind("job") String job, @Bind("limit") int limit);

  /** Maps {@link #server}. */
  final class ServerMapper implements RowMapper<Server> {
    @Override
    public Server map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Server(rs.getString("server_version"), rs.getString("database"), rs.getString("user_name"),
          rs.getBoolean("in_recovery"));
    }
  }

  /** Maps {@link #blockingLocks}. */
  final class BlockingLockMapper implements RowMapper<BlockingLock> {
    @Override
    public BlockingLock map(ResultSet rs, StatementContext ctx) throws SQLException {
      double tx = rs.getDouble("blocking_transaction_seconds");
      Duration blockingTx = rs.wasNull() ? null : seconds(tx);
      return new BlockingLock(rs.getInt("blocked_pid"), rs.getString("blocked_user"),
          rs.getString("blocked_application"), rs.getString("blocked_query"), seconds(rs.getDouble("waiting_seconds")),
          rs.getString("lock_type"), rs.getString("lock_mode"), rs.getString("relation"), rs.getInt("blocking_pid"),
          rs.getString("blocking_user"), rs.getString("blocking_application"), rs.getString("blocking_query"),
          rs.getString("blocking_state"), blockingTx);
    }
  }

  /** Maps {@link #tableSizes}. */
  final class TableSizeMapper implements RowMapper<TableSize> {
    @Override
    public TableSize map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TableSize(rs.getString("name"), rs.getString("parent"), rs.getString("kind"),
          rs.getLong("estimated_rows"), rs.getLong("total_bytes"), rs.getLong("table_bytes"), rs.getLong("index_bytes"),
          rs.getLong("dead_rows"), instant(rs, "last_analyzed"), instant(rs, "last_vacuumed"));
    }
  }

  /** Maps {@link #slowestPerCall} and {@link #slowestInTotal}. */
  final class SlowStatementMapper implements RowMapper<SlowStatement> {
    @Override
    public SlowStatement map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new SlowStatement(rs.getLong("queryid"), rs.getString("query"), rs.getLong("calls"),
          millis(rs.getDouble("total_exec_time")), millis(rs.getDouble("mean_exec_time")),
          millis(rs.getDouble("max_exec_time")), rs.getLong("rows"), rs.getLong("shared_blks_hit"),
          rs.getLong("shared_blks_read"));
    }
  }

  /** Maps job runs. */
  final class JobRunMapper implements RowMapper<JobRun> {
    @Override
    public JobRun map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new JobRun(rs.getString("job_name"), JobStatus.valueOf(rs.getString("status")),
          rs.getObject("started_at", OffsetDateTime.class).toInstant(), Duration.ofMillis(rs.getLong("duration_ms")),
          JobCounts.parse(rs.getString("counts")), rs.getString("message"));
    }
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.max(0, Math.round(seconds * 1e9)));
  }

  private static Duration millis(double millis) {
    return Duration.ofNanos(Math.max(0, Math.round(millis * 1e6)));
  }
}
