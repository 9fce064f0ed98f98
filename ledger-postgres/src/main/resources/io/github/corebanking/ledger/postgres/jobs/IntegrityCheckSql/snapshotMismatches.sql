-- Entries, snapshots and intra-day checkpoints of each snapshotted account in one time line; at
-- equal instants the entries come first, since a snapshot or checkpoint counts every entry with
-- posted_at <= as_of. The running sums at a snapshot's or checkpoint's row are what it should
-- hold; a wrong checkpoint is reported as a mismatch of its day's snapshot (re-running the day
-- rewrites both).
WITH points AS (
    SELECT account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version
    FROM <schema>.balance_snapshots
    UNION ALL
    SELECT account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version
    FROM <schema>.balance_checkpoints
),
timeline AS (
    SELECT e.account_id, e.posted_at AS at, 0 AS kind,
           CASE WHEN e.side = 'DEBIT' THEN e.amount ELSE 0 END AS debit,
           CASE WHEN e.side = 'CREDIT' THEN e.amount ELSE 0 END AS credit,
           e.account_version AS version,
           CAST(NULL AS date) AS snapshot_date,
           CAST(NULL AS bigint) AS held_debits, CAST(NULL AS bigint) AS held_credits,
           CAST(NULL AS bigint) AS held_version
    FROM <schema>.entries e
    WHERE NOT e.pending
      AND e.account_id IN (SELECT account_id FROM points)
    UNION ALL
    SELECT p.account_id, p.as_of, 1, 0, 0, 0, p.snapshot_date, p.posted_debits, p.posted_credits,
           p.account_version
    FROM points p
),
running AS (
    SELECT account_id, kind, snapshot_date, held_debits, held_credits, held_version,
           sum(debit) OVER w AS debits,
           sum(credit) OVER w AS credits,
           max(version) OVER w AS version
    FROM timeline
    WINDOW w AS (PARTITION BY account_id ORDER BY at, kind ROWS UNBOUNDED PRECEDING)
),
mismatched AS (
    SELECT DISTINCT account_id, snapshot_date
    FROM running
    WHERE kind = 1
      AND (held_debits <> debits OR held_credits <> credits OR held_version <> version)
)
SELECT account_id AS id, snapshot_date, count(*) OVER () AS total
FROM mismatched
ORDER BY account_id, snapshot_date
LIMIT :limit
