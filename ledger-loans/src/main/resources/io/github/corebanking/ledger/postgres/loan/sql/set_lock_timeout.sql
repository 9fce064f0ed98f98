SELECT set_config('lock_timeout', ?, true) AS lock_timeout, set_config('statement_timeout', ?, true) AS statement_timeout
