-- Whether the backend that ran a transaction is still there: the same pid, started before the
-- transaction began (elapsed seconds ago), so a new backend given a reused pid is not mistaken for it.
SELECT count(*) FROM pg_stat_activity
 WHERE pid = ? AND backend_start <= clock_timestamp() - make_interval(secs => ?)
