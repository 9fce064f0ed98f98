-- Ends the backend of a transaction whose client is gone, once it has been waited for long enough:
-- whatever it was doing is then over (committed or rolled back), and can be looked up.
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE pid = ? AND backend_start <= clock_timestamp() - make_interval(secs => ?)
