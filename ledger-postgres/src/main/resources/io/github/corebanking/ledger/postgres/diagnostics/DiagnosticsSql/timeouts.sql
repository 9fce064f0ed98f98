SELECT set_config('statement_timeout', :ms, true) || set_config('lock_timeout', :ms, true)
