SELECT version, checksum FROM <schema>.schema_history WHERE module = :module ORDER BY version
