-- Sets the account's counters, and its value_balances rows, to what its entries add up to
-- (recalculate_counters, schema versions 4 and 7, computed by the database); true when anything
-- changed. The row is locked by lockAccounts first.
SELECT <schema>.recalculate_counters(:id)
