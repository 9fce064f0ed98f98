SELECT max(snapshot_date) FROM <schema>.balance_snapshots
