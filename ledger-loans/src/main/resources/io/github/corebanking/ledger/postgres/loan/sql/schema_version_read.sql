SELECT coalesce(max(version), 0) FROM {schema}.loan_schema_history
