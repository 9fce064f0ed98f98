-- The posted counters of one account at an instant t, in one statement: the account row, the
-- latest intra-day checkpoint or daily snapshot with as_of <= t, and the posted entries booked
-- after it up to t. Entries are read only after a lower bound the caller gives (a few days before
-- t), so that only the partitions of that window are opened; when the base found is older than the
-- bound (no snapshot for days, or none at all), the caller reads the entries again without it.
-- The first statement makes PostgreSQL keep one generic plan for this read (in the implicit
-- transaction of the round trip only): partitions are then pruned when the plan starts, from the
-- parameters, instead of planning the statement over every partition on each call, which costs
-- several times the read itself. Bitmap scans are off for the same reason as sequential scans in
-- posting transactions: every probe here is by key and returns a handful of rows.
SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_bitmapscan', 'off', true),
       set_config('enable_seqscan', 'off', true);
SELECT a.id, a.code, a.name, a.type, a.currency, a.currency_scale, a.status, a.debits_must_not_exceed_credits,
       a.credits_must_not_exceed_debits, CAST(a.metadata AS text) AS metadata, a.created_at,
       b.as_of, b.posted_debits, b.posted_credits, b.account_version,
       d.debits, d.credits, d.version
  FROM <schema>.accounts a
  LEFT JOIN LATERAL (
      SELECT u.as_of, u.posted_debits, u.posted_credits, u.account_version
        FROM ((SELECT c.as_of, c.posted_debits, c.posted_credits, c.account_version
                 FROM <schema>.balance_checkpoints c
                WHERE c.account_id = a.id AND c.as_of <= :t
                ORDER BY c.as_of DESC
                LIMIT 1)
              UNION ALL
              (SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
                 FROM <schema>.balance_snapshots s
                WHERE s.account_id = a.id AND s.as_of <= :t
                ORDER BY s.as_of DESC
                LIMIT 1)) u
       ORDER BY u.as_of DESC
       LIMIT 1) b ON true
  LEFT JOIN LATERAL (
      SELECT coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS debits,
             coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits,
             max(e.account_version) AS version
        FROM <schema>.entries e
       WHERE e.account_id = a.id AND NOT e.pending
         AND e.posted_at > coalesce(b.as_of, CAST('-infinity' AS timestamptz))
         AND e.posted_at > :lower AND e.posted_at <= :t) d ON true
 WHERE a.id = :account
