GRANT USAGE ON SCHEMA <schema> TO <role>;
GRANT SELECT, INSERT, UPDATE ON <schema>.accounts TO <role>;
GRANT SELECT, INSERT, UPDATE ON <schema>.transactions TO <role>;
GRANT SELECT, INSERT ON <schema>.entries TO <role>;
GRANT SELECT, INSERT, UPDATE, DELETE ON <schema>.balance_snapshots TO <role>;
GRANT SELECT, INSERT, UPDATE, DELETE ON <schema>.balance_checkpoints TO <role>;
GRANT SELECT, INSERT, DELETE ON <schema>.job_runs TO <role>;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA <schema> TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.ensure_entries_partition(date) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.ensure_entries_partitions(date, integer) TO <role>;
GRANT EXECUTE ON FUNCTION <schema>.account_changed(uuid, bigint, bigint) TO <role>
