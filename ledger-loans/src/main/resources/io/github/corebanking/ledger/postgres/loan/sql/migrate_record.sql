INSERT INTO {schema}.loan_schema_history (version, script, checksum, execution_ms) VALUES (?, ?, ?, ?)
