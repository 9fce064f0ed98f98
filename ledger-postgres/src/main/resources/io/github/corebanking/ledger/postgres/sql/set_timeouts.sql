SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)
