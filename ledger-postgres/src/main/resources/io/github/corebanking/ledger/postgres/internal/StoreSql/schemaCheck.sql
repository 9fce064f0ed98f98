-- Whether a schema holds the ledger's tables, and whether it has the function of migration V2.
SELECT to_regclass(format('%I.accounts', CAST(:name AS text))) IS NOT NULL
       AND to_regclass(format('%I.entries', CAST(:name AS text))) IS NOT NULL AS tables,
       to_regprocedure(format('%I.account_changed(uuid, bigint, bigint)', CAST(:name AS text))) IS NOT NULL AS state_checks
