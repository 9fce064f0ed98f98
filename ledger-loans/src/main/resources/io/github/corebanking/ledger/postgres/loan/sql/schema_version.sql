SELECT CASE WHEN to_regclass(format('%I.%I', CAST(? AS text), 'loan_schema_history')) IS NULL THEN -1 ELSE 0 END
