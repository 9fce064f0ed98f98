INSERT INTO {schema}.ledger_schema_history (version, script, checksum, execution_ms) VALUES (?, ?, ?, ?)
