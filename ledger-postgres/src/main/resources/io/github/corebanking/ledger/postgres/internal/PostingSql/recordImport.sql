-- An import batch, before it writes: checks it against the locked history_import row again,
-- repairs the snapshots and checkpoints of its accounts from its first booking instant on, and
-- moves the row on (record_import, V8).
SELECT <schema>.record_import(CAST(? AS timestamptz), CAST(? AS timestamptz), ?, CAST(? AS uuid[]))
