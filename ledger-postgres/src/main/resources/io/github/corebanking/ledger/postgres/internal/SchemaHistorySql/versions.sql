SELECT module, max(version) AS version FROM <schema>.schema_history GROUP BY module
