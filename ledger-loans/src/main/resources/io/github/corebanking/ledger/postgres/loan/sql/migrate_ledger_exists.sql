SELECT to_regclass(format('%I.%I', CAST(? AS text), 'accounts')) IS NOT NULL AND to_regclass(format('%I.%I', CAST(? AS text), 'ledger_schema_history')) IS NOT NULL
