SELECT pg_advisory_unlock(hashtextextended('corebanking-ledger:job:' || :schema || ':' || :job, 0))
