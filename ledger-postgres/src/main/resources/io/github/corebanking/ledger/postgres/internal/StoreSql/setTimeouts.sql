-- The lock and statement timeouts of the current transaction, such as '5000ms'.
SELECT set_config('lock_timeout', :lockTimeout, true) || ' ' || set_config('statement_timeout', :statementTimeout, true)
