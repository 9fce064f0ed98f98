SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:key, 0))
