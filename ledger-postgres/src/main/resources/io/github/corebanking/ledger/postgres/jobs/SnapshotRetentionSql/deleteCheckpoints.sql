DELETE FROM <schema>.balance_checkpoints d
WHERE (d.account_id, d.as_of) IN (
    SELECT c.account_id, c.as_of
    FROM <schema>.balance_checkpoints c
    WHERE c.snapshot_date < :cutoff
    LIMIT :batch)
