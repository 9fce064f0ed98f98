SELECT pg_advisory_xact_lock(hashtextextended('corebanking-ledger:migrate-loans:' || ?, 0))
