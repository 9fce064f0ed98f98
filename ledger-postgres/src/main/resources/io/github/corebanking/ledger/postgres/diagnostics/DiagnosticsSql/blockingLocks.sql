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
