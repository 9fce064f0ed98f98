SELECT s.queryid, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows,
       s.shared_blks_hit, s.shared_blks_read
FROM <statements>.pg_stat_statements s
WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
ORDER BY s.mean_exec_time DESC, s.queryid
LIMIT :limit
