-- What the schema's schema_history table is: 'none' when there is none, 'ours' when it has the
-- library's columns, 'foreign' when another tool made a table of that name.
SELECT CASE
    WHEN to_regclass(format('%I.%I', CAST(:schema AS text), 'schema_history')) IS NULL THEN 'none'
    WHEN (SELECT count(*) FROM pg_attribute
          WHERE attrelid = to_regclass(format('%I.%I', CAST(:schema AS text), 'schema_history'))
            AND attname IN ('module', 'version', 'checksum') AND NOT attisdropped) = 3 THEN 'ours'
    ELSE 'foreign'
END
