SELECT version, checksum FROM {schema}.loan_schema_history ORDER BY version
