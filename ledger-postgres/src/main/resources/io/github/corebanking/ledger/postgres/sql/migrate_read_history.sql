SELECT version, checksum FROM {schema}.ledger_schema_history
