-- A live batch, after its keys and accounts are locked and before it writes, until this process
-- has seen the ledger live: the ledger is live from now on (mark_live, V8), which ends the history
-- import; waits for an import in flight, which holds the history_import row.
SELECT <schema>.mark_live(CAST(? AS timestamptz))
