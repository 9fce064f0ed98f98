-- The settings a posting changes for its transaction, as the caller's transaction has them, so that
-- a posting in the caller's transaction can give them back (joinedRestore.sql) when it is done.
SELECT current_setting('lock_timeout'), current_setting('statement_timeout'), current_setting('enable_seqscan'),
       current_setting('plan_cache_mode')
