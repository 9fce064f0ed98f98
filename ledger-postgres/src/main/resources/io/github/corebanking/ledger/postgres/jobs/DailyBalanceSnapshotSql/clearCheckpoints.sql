DELETE FROM <schema>.balance_checkpoints WHERE snapshot_date = :date
