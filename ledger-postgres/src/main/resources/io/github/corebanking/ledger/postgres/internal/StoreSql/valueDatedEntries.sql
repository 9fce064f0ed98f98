-- One slice of an account's value-dated statement, in one statement: its posted entries dated up
-- to :to in value-date order (value date, account version, ordinal) strictly after the place
-- (:startDate, :afterVersion, :afterOrdinal) and not before :from, at most :limit of them, and the
-- posted counters before that place: the account's value_balances row of the latest date before
-- :startDate, plus its posted entries dated :startDate up to and including (:afterVersion,
-- :afterOrdinal) (none on a first page, whose place is (:from, -1, -1)). Both entry reads walk
-- entries_account_value_idx (schema version 7). Every row carries the account's currency, type
-- and the counters before; without entries there is one row with null entry columns, and none
-- when the account does not exist.
-- Value dates do not follow posted_at, so no partition can be pruned: every partition's index is
-- probed and the probes merged in order. The first statement makes PostgreSQL keep one generic
-- plan for this read (in the implicit transaction of the round trip only), instead of planning the
-- merge over every partition on each call; bitmap and sequential scans are off because every
-- probe is by key and a slice is read in index order.
SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_bitmapscan', 'off', true),
       set_config('enable_seqscan', 'off', true);
SELECT e.id, e.transaction_id, e.ordinal, e.account_id, e.side, e.amount, e.currency, e.currency_scale, e.pending,
       e.posted_at, e.balance_after, e.account_version, e.value_date,
       a.currency, a.currency_scale, a.type,
       coalesce(b.posted_debits, 0) + coalesce(d.debits, 0),
       coalesce(b.posted_credits, 0) + coalesce(d.credits, 0),
       e.hash
  FROM <schema>.accounts a
  LEFT JOIN LATERAL (
      SELECT v.posted_debits, v.posted_credits
        FROM <schema>.value_balances v
       WHERE v.account_id = a.id AND v.value_date < :startDate
       ORDER BY v.value_date DESC
       LIMIT 1) b ON true
  LEFT JOIN LATERAL (
      SELECT sum(x.amount) FILTER (WHERE x.side = 'DEBIT') AS debits,
             sum(x.amount) FILTER (WHERE x.side = 'CREDIT') AS credits
        FROM <schema>.entries x
       WHERE x.account_id = a.id AND NOT x.pending AND x.value_date = :startDate
         AND (x.account_version, x.ordinal) <= (:afterVersion, :afterOrdinal)) d ON true
  LEFT JOIN LATERAL (
      SELECT y.id, y.transaction_id, y.ordinal, y.account_id, y.side, y.amount, y.currency, y.currency_scale,
             y.pending, y.posted_at, y.balance_after, y.account_version, y.value_date, y.hash
        FROM <schema>.entries y
       WHERE y.account_id = a.id AND NOT y.pending AND y.value_date >= :from AND y.value_date <= :to
         AND (y.value_date, y.account_version, y.ordinal) > (:startDate, :afterVersion, :afterOrdinal)
       ORDER BY y.value_date, y.account_version, y.ordinal
       LIMIT :limit) e ON true
 WHERE a.id = :account
 ORDER BY e.value_date, e.account_version, e.ordinal
