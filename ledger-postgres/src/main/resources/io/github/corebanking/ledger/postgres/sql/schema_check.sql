SELECT to_regclass(format('%I.accounts', ?::text)) IS NOT NULL AND to_regclass(format('%I.entries', ?::text)) IS NOT NULL
