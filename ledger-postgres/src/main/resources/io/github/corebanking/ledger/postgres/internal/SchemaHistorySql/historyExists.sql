SELECT to_regclass(format('%I.%I', CAST(:schema AS text), 'schema_history')) IS NOT NULL
