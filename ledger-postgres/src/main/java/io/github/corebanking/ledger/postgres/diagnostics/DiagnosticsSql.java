package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.job.JobStatus;
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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jspecify.annotations.Nullable;

/**
 * The diagnostics' statements. {@code <schema>} is the validated, quoted schema name defined on the
 * Jdbi instance; catalog filters bind the schema as a value. Every statement only reads.
 */
@RegisterRowMapper(DiagnosticsSql.BlockingLockMapper.class)
@RegisterRowMapper(DiagnosticsSql.TableSizeMapper.class)
@RegisterRowMapper(DiagnosticsSql.SlowStatementMapper.class)
@RegisterRowMapper(DiagnosticsSql.JobRunMapper.class)
@RegisterRowMapper(DiagnosticsSql.ServerMapper.class)
interface DiagnosticsSql extends SqlObject {

  /** What the server says about itself and the connection. */
  record Server(String serverVersion, String database, String user, boolean inRecovery) {}

  @SqlUpdate("SET TRANSACTION READ ONLY")
  void readOnly();

  @SqlQuery("SELECT set_config('statement_timeout', :ms, true) || set_config('lock_timeout', :ms, true)")
  String timeouts(@Bind("ms") String milliseconds);

  @SqlQuery("""
      SELECT current_setting('server_version') AS server_version,
             current_database() AS database,
             current_user AS user_name,
             pg_is_in_recovery() AS in_recovery
      """)
  Server server();

  @SqlQuery("""
      SELECT blocked.pid AS blocked_pid,
             coalesce(blocked.usename, '') AS blocked_user,
             coalesce(blocked.application_name, '') AS blocked_application,
             coalesce(blocked.query, '') AS blocked_query,
             extract(epoch FROM clock_timestamp() - coalesce(wait.waitstart, blocked.query_start, clock_timestamp()))
                 AS waiting_seconds,
             coalesce(wait.locktype, '') AS lock_type,
             coalesce(wait.mode, '') AS lock_mode,
             CASE WHEN wait.relation IS NOT NULL THEN CAST(CAST(wait.relation AS regclass) AS text) END AS relation,
             blocking.pid AS blocking_pid,
             coalesce(blocking.usename, '') AS blocking_user,
             coalesce(blocking.application_name, '') AS blocking_application,
             coalesce(blocking.query, '') AS blocking_query,
             coalesce(blocking.state, '') AS blocking_state,
             extract(epoch FROM clock_timestamp() - blocking.xact_start) AS blocking_transaction_seconds
      FROM pg_stat_activity blocked
      CROSS JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS blocker(pid)
      JOIN pg_stat_activity blocking ON blocking.pid = blocker.pid
      LEFT JOIN LATERAL (
          SELECT l.locktype, l.mode, l.relation, l.waitstart
          FROM pg_locks l
          WHERE l.pid = blocked.pid AND NOT l.granted
          LIMIT 1
      ) wait ON true
      WHERE blocked.datname = current_database()
      ORDER BY waiting_seconds DESC, blocked.pid, blocking.pid
      """)
  List<BlockingLock> blockingLocks();

  @SqlQuery("""
      SELECT c.relname AS name,
             parent.relname AS parent,
             CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
             CAST(c.reltuples AS bigint) AS estimated_rows,
             CASE WHEN c.relkind = 'p'
                  THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                  ELSE pg_total_relation_size(c.oid) END AS total_bytes,
             pg_relation_size(c.oid) AS table_bytes,
             pg_indexes_size(c.oid) AS index_bytes,
             coalesce(s.n_dead_tup, 0) AS dead_rows,
             greatest(s.last_analyze, s.last_autoanalyze) AS last_analyzed,
             greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuumed
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
      LEFT JOIN pg_class parent ON parent.oid = i.inhparent
      LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'm')
      ORDER BY total_bytes DESC, c.relname
      """)
  List<TableSize> tableSizes(@Bind("schema") String schema);

  @SqlQuery("""
      SELECT n.nspname
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'pg_stat_statements'
      """)
  Optional<String> statementStatisticsSchema();

  @SqlQuery("""
      SELECT s.queryid, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows,
             s.shared_blks_hit, s.shared_blks_read
      FROM <statements>.pg_stat_statements s
      WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
      ORDER BY s.mean_exec_time DESC, s.queryid
      LIMIT :limit
      """)
  List<SlowStatement> slowestPerCall(@Define("statements") String quotedSchema, @Bind("limit") int limit);

  @SqlQuery("""
      SELECT s.queryid, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows,
             s.shared_blks_hit, s.shared_blks_read
      FROM <statements>.pg_stat_statements s
      WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
      ORDER BY s.total_exec_time DESC, s.queryid
      LIMIT :limit
      """)
  List<SlowStatement> slowestInTotal(@Define("statements") String quotedSchema, @Bind("limit") int limit);

  @SqlQuery("""
      SELECT c.relname
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace n ON n.oid = p.relnamespace
      WHERE n.nspname = :schema AND p.relname = 'entries'
      ORDER BY c.relname
      """)
  List<String> entriesPartitions(@Bind("schema") String schema);

  @SqlQuery("SELECT max(snapshot_date) FROM <schema>.balance_snapshots")
  Optional<LocalDate> latestSnapshotDate();

  @SqlQuery("""
      SELECT EXISTS (SELECT 1 FROM <schema>.entries e
                     WHERE NOT e.pending AND e.posted_at >= :from AND e.posted_at < :to)
      """)
  boolean postedBetween(@Bind("from") Instant from, @Bind("to") Instant to);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM <schema>.balance_snapshots s WHERE s.snapshot_date = :day)")
  boolean snapshotsOn(@Bind("day") LocalDate day);

  @SqlQuery("""
      SELECT DISTINCT e.account_id
      FROM <schema>.entries e
      WHERE NOT e.pending AND e.posted_at >= :from AND e.posted_at < :to
        AND NOT EXISTS (SELECT 1 FROM <schema>.balance_snapshots s
                        WHERE s.account_id = e.account_id AND s.snapshot_date = :day)
      ORDER BY e.account_id
      LIMIT :limit
      """)
  List<UUID> accountsWithoutSnapshot(@Bind("day") LocalDate day, @Bind("from") Instant from, @Bind("to") Instant to,
      @Bind("limit") int limit);

  @SqlQuery("""
      SELECT max(r.started_at) FROM <schema>.job_runs r WHERE r.job_name = :job AND r.status = 'SUCCEEDED'
      """)
  Optional<OffsetDateTime> lastSuccess(@Bind("job") String job);

  @SqlQuery("""
      SELECT DISTINCT ON (r.job_name) r.job_name, r.status, r.started_at, r.duration_ms,
             CAST(r.counts AS text) AS counts, r.message
      FROM <schema>.job_runs r
      WHERE r.status IN ('SUCCEEDED', 'FAILED')
      ORDER BY r.job_name, r.started_at DESC, r.id DESC
      """)
  List<JobRun> lastRuns();

  @SqlQuery("""
      SELECT r.job_name, r.status, r.started_at, r.duration_ms, CAST(r.counts AS text) AS counts, r.message
      FROM <schema>.job_runs r
      WHERE r.job_name = :job AND r.status IN ('SUCCEEDED', 'FAILED')
      ORDER BY r.started_at DESC, r.id DESC
      LIMIT 1
      """)
  Optional<JobRun> lastRun(@Bind("job") String job);

  @SqlQuery("""
      SELECT r.job_name, r.status, r.started_at, r.duration_ms, CAST(r.counts AS text) AS counts, r.message
      FROM <schema>.job_runs r
      WHERE r.job_name = :job
      ORDER BY r.started_at DESC, r.id DESC
      LIMIT :limit
      """)
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
          Counts.parse(rs.getString("counts")), rs.getString("message"));
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
