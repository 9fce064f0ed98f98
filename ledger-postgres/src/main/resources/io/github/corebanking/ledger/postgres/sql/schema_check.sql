-- Whether a schema holds the ledger's tables, and whether it has the function of migration V2.
-- Parameters: schema, schema, schema.
SELECT to_regclass(format('%I.accounts', ?::text)) IS NOT NULL AND to_regclass(format('%I.entries', ?::text)) IS NOT NULL,
       to_regprocedure(format('%I.account_changed(uuid, bigint, bigint)', ?::text)) IS NOT NULL
