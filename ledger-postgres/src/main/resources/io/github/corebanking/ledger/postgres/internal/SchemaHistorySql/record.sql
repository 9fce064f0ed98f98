INSERT INTO <schema>.schema_history (module, version, script, checksum, execution_ms)
VALUES (:module, :version, :script, :checksum, :executionMs)
