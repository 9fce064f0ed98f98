-- The posted counters of every account at an instant: its latest snapshot with as_of <= t plus its
-- posted entries in (as_of, t]. Entries older than the oldest snapshot used are never read
-- (the lower bound prunes their partitions). The version is the highest counted: a late entry
-- inside a snapshot can carry a higher version than the entries after it.
WITH snap AS (
    SELECT DISTINCT ON (account_id) account_id, as_of, posted_debits, posted_credits, account_version
      FROM <schema>.balance_snapshots
     WHERE as_of <= :t
     ORDER BY account_id, snapshot_date DESC
), bound AS (
    SELECT CASE WHEN count(s.account_id) = count(a.id) THEN min(s.as_of) ELSE CAST('-infinity' AS timestamptz) END AS lower
      FROM <schema>.accounts AS a LEFT JOIN snap AS s ON s.account_id = a.id
), delta AS (
    SELECT e.account_id,
           coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0)  AS debits,
           coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits,
           max(e.account_version)                                      AS version
      FROM <schema>.entries AS e
      LEFT JOIN snap AS s ON s.account_id = e.account_id
     WHERE NOT e.pending
       AND e.posted_at <= :t
       AND e.posted_at > (SELECT lower FROM bound)
       AND (s.as_of IS NULL OR e.posted_at > s.as_of)
     GROUP BY e.account_id
)
SELECT a.id, a.currency, a.currency_scale, a.type,
       coalesce(s.posted_debits, 0) + coalesce(d.debits, 0),
       coalesce(s.posted_credits, 0) + coalesce(d.credits, 0),
       greatest(d.version, s.account_version, 0)
  FROM <schema>.accounts AS a
  LEFT JOIN snap AS s ON s.account_id = a.id
  LEFT JOIN delta AS d ON d.account_id = a.id
 ORDER BY a.code COLLATE "C"
