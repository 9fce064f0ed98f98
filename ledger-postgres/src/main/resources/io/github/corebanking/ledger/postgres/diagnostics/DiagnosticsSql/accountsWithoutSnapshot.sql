SELECT DISTINCT e.account_id
FROM <schema>.entries e
WHERE NOT e.pending AND e.posted_at >= :from AND e.posted_at < :to
  AND NOT EXISTS (SELECT 1 FROM <schema>.balance_snapshots s
                  WHERE s.account_id = e.account_id AND s.snapshot_date = :day)
ORDER BY e.account_id
LIMIT :limit
