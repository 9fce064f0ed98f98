SELECT pg_try_advisory_lock(hashtextextended('corebanking-ledger:job:' || :schema || ':' || :job, 0))
