INSERT INTO <schema>.job_runs (job_name, status, started_at, duration_ms, counts, message)
VALUES (:job, :status, :startedAt, :durationMs, CAST(:counts AS jsonb), :message)
