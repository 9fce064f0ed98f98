WITH active AS (
    -- Every account with posted entries that day has a snapshot of the day (just written).
    SELECT d.account_id
    FROM <schema>.balance_snapshots d
    WHERE d.snapshot_date = :date
),
base AS (
    SELECT b.account_id,
           coalesce(prev.as_of, CAST('-infinity' AS timestamptz)) AS base_as_of,
           coalesce(prev.posted_debits, 0) AS debits,
           coalesce(prev.posted_credits, 0) AS credits,
           coalesce(prev.account_version, 0) AS version
    FROM active b
    LEFT JOIN LATERAL (
        SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
        FROM <schema>.balance_snapshots s
        WHERE s.account_id = b.account_id AND s.snapshot_date < :date
        ORDER BY s.snapshot_date DESC
        LIMIT 1
    ) prev ON true
),
instants AS (
    SELECT e.account_id, e.posted_at, count(*) AS n,
           CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS bigint) AS debits,
           CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS bigint) AS credits,
           max(e.account_version) AS version
    FROM base b
    JOIN <schema>.entries e
      ON e.account_id = b.account_id AND NOT e.pending
     AND e.posted_at > b.base_as_of AND e.posted_at <= :asOf
    GROUP BY e.account_id, e.posted_at
),
running AS (
    SELECT i.account_id, i.posted_at, i.n,
           CAST(sum(i.n) OVER w AS bigint) AS counted,
           sum(i.debits) OVER w AS debits,
           sum(i.credits) OVER w AS credits,
           max(i.version) OVER w AS version,
           sum(i.n) FILTER (WHERE i.posted_at >= :dayStart) OVER (PARTITION BY i.account_id) AS day_entries
    FROM instants i
    WINDOW w AS (PARTITION BY i.account_id ORDER BY i.posted_at ROWS UNBOUNDED PRECEDING)
)
INSERT INTO <schema>.balance_checkpoints
    (account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version)
SELECT r.account_id, r.posted_at, :date, b.debits + r.debits, b.credits + r.credits,
       greatest(b.version, r.version)
FROM running r
JOIN base b ON b.account_id = r.account_id
WHERE r.posted_at >= :dayStart
  AND r.day_entries >= :every
  AND r.counted / :every <> (r.counted - r.n) / :every
