UPDATE <schema>.schema_history SET version = :version, script = :script
WHERE module = :module AND version = :formerVersion
