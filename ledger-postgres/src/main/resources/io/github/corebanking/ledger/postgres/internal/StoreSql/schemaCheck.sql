-- Whether a schema holds the ledger's tables, the function of migration V2 and the tables of
-- migrations V7, V8, V9, V10 and V11.
SELECT to_regclass(format('%I.accounts', CAST(:name AS text))) IS NOT NULL
       AND to_regclass(format('%I.entries', CAST(:name AS text))) IS NOT NULL AS tables,
       to_regprocedure(format('%I.account_changed(uuid, bigint, bigint)', CAST(:name AS text))) IS NOT NULL AS state_checks,
       to_regclass(format('%I.value_balances', CAST(:name AS text))) IS NOT NULL AS value_dates,
       to_regclass(format('%I.history_import', CAST(:name AS text))) IS NOT NULL AS imports,
       to_regclass(format('%I.changes', CAST(:name AS text))) IS NOT NULL AS feed,
       to_regclass(format('%I.hash_chain_checkpoints', CAST(:name AS text))) IS NOT NULL AS hash_chains,
       to_regclass(format('%I.category_accounts', CAST(:name AS text))) IS NOT NULL AS categories,
       to_regclass(format('%I.monitor_alerts', CAST(:name AS text))) IS NOT NULL AS monitors
