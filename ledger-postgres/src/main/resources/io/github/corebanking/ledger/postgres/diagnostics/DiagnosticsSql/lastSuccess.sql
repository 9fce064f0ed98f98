SELECT max(r.started_at) FROM <schema>.job_runs r WHERE r.job_name = :job AND r.status = 'SUCCEEDED'
