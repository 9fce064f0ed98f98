SELECT count(*) FROM <schema>.balance_snapshots
