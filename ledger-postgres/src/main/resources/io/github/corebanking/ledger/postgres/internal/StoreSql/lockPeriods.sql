-- Takes the period lock exclusively for the rest of the transaction: postings in flight hold it
-- shared (migration V6's trigger), so this waits for them, and holds new ones until the commit.
SELECT 1 FROM (SELECT pg_advisory_xact_lock(1818584142, <schema>.period_lock_key())) AS locked
