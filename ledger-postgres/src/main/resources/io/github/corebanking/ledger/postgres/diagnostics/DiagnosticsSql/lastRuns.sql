SELECT DISTINCT ON (r.job_name) r.job_name, r.status, r.started_at, r.duration_ms,
       CAST(r.counts AS text) AS counts, r.message
FROM <schema>.job_runs r
WHERE r.status IN ('SUCCEEDED', 'FAILED')
ORDER BY r.job_name, r.started_at DESC, r.id DESC
