SELECT r.job_name, r.status, r.started_at, r.duration_ms, CAST(r.counts AS text) AS counts, r.message
FROM <schema>.job_runs r
WHERE r.job_name = :job
ORDER BY r.started_at DESC, r.id DESC
LIMIT :limit
