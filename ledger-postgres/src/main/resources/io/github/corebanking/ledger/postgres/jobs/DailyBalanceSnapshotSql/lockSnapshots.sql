-- The snapshot lock, until the day's transaction ends: a history import repairs snapshots under it
-- (record_import, V8), so a day computed without its entries is never written after the repair.
SELECT <schema>.lock_balance_snapshots()
