SELECT CASE WHEN to_regclass(format('%I.ledger_schema_history', ?::text)) IS NULL THEN -1 ELSE 0 END
