-- Sets the account's counters to what its entries add up to (recalculate_counters, schema version
-- 4, computed by the database); true when they changed. The row is locked by lockAccounts first.
SELECT <schema>.recalculate_counters(:id)
