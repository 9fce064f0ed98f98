DELETE FROM <schema>.balance_snapshots d
WHERE (d.account_id, d.snapshot_date) IN (
    SELECT s.account_id, s.snapshot_date
    FROM <schema>.balance_snapshots s
    WHERE s.snapshot_date < :cutoff
      AND NOT (:keepMonthEnds AND s.snapshot_date = (
              SELECT max(m.snapshot_date)
              FROM <schema>.balance_snapshots m
              WHERE m.account_id = s.account_id
                AND m.snapshot_date >= CAST(date_trunc('month', s.snapshot_date) AS date)
                AND m.snapshot_date < CAST(date_trunc('month', s.snapshot_date) + interval '1 month' AS date)))
      AND s.snapshot_date < (SELECT max(k.snapshot_date)
                             FROM <schema>.balance_snapshots k
                             WHERE k.account_id = s.account_id AND k.snapshot_date < :cutoff)
    LIMIT :batch)
