-- Opens a posting transaction that writes without reading first (its batch was planned from the
-- account states the store remembers): the same per-transaction settings as batchPrepare.sql.
-- Parameters: lock_timeout, statement_timeout.
SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true),
       set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)
