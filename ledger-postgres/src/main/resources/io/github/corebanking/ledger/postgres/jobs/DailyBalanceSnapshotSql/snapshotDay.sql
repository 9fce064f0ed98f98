WITH latest AS (
    SELECT a.id AS account_id,
           a.version AS live_version,
           coalesce(prev.as_of, CAST('-infinity' AS timestamptz)) AS base_as_of,
           coalesce(prev.posted_debits, 0) AS debits,
           coalesce(prev.posted_credits, 0) AS credits,
           coalesce(prev.account_version, 0) AS version,
           EXISTS (SELECT 1 FROM <schema>.balance_snapshots d
                   WHERE d.account_id = a.id AND d.snapshot_date = :date) AS refresh
    FROM <schema>.accounts a
    LEFT JOIN LATERAL (
        SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
        FROM <schema>.balance_snapshots s
        WHERE s.account_id = a.id AND s.snapshot_date < :date
        ORDER BY s.snapshot_date DESC
        LIMIT 1
    ) prev ON true
),
candidates AS (
    -- Touched since the base snapshot (the live version only narrows the search; the values
    -- come from entries), or already snapshotted that day, which a re-run refreshes.
    SELECT * FROM latest WHERE live_version > version OR refresh
),
computed AS (
    SELECT c.account_id,
           c.debits + delta.debits AS posted_debits,
           c.credits + delta.credits AS posted_credits,
           greatest(c.version, delta.version) AS account_version
    FROM candidates c
    CROSS JOIN LATERAL (
        SELECT count(*) AS n,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS bigint) AS debits,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS bigint) AS credits,
               coalesce(max(e.account_version), 0) AS version
        FROM <schema>.entries e
        WHERE e.account_id = c.account_id
          AND NOT e.pending
          AND e.posted_at > c.base_as_of
          AND e.posted_at <= :asOf
    ) delta
    WHERE delta.n > 0 OR c.refresh
)
INSERT INTO <schema>.balance_snapshots
    (account_id, snapshot_date, as_of, posted_debits, posted_credits, account_version, created_at)
SELECT c.account_id, :date, :asOf, c.posted_debits, c.posted_credits, c.account_version, now()
FROM computed c
ON CONFLICT (account_id, snapshot_date) DO UPDATE
SET as_of = EXCLUDED.as_of,
    posted_debits = EXCLUDED.posted_debits,
    posted_credits = EXCLUDED.posted_credits,
    account_version = EXCLUDED.account_version,
    created_at = EXCLUDED.created_at
