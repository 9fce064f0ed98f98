SELECT EXISTS (SELECT 1 FROM <schema>.balance_snapshots s WHERE s.snapshot_date = :day)
