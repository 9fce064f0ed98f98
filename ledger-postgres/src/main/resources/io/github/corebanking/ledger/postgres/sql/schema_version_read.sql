SELECT coalesce(max(version), 0) FROM {schema}.ledger_schema_history
