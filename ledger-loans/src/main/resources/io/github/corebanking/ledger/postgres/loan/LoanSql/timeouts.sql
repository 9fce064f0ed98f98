SELECT set_config('lock_timeout', :lockTimeout, true) || ' ' || set_config('statement_timeout', :statementTimeout, true)
