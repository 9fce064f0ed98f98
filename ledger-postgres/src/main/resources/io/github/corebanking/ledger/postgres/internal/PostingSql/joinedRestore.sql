-- Gives the caller's transaction back the settings joinedSettings.sql read.
-- Parameters: lock_timeout, statement_timeout, enable_seqscan, plan_cache_mode.
SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true),
       set_config('enable_seqscan', ?, true), set_config('plan_cache_mode', ?, true)
