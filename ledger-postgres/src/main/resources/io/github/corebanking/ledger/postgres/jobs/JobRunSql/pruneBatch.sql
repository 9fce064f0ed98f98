-- Each job keeps its latest SUCCEEDED run and its latest SUCCEEDED or FAILED run whatever their
-- age: the health checks read them (when a job last succeeded, whether its last run failed).
DELETE FROM <schema>.job_runs d
WHERE d.id IN (
    SELECT r.id
    FROM <schema>.job_runs r
    WHERE (r.started_at < :cutoff OR (r.status = 'SKIPPED' AND r.started_at < :skippedCutoff))
      AND r.id NOT IN (SELECT DISTINCT ON (s.job_name) s.id
                       FROM <schema>.job_runs s
                       WHERE s.status = 'SUCCEEDED'
                       ORDER BY s.job_name, s.started_at DESC, s.id DESC)
      AND r.id NOT IN (SELECT DISTINCT ON (w.job_name) w.id
                       FROM <schema>.job_runs w
                       WHERE w.status <> 'SKIPPED'
                       ORDER BY w.job_name, w.started_at DESC, w.id DESC)
    LIMIT :batch)
