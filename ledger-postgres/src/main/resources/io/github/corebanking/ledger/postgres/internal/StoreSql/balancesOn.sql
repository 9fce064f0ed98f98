-- Every account's posted counters on a value date, by code, in one statement (one snapshot): each
-- account's value_balances row with the greatest value date on or before it, one index probe per
-- account. Columns as balancesAsOf.sql, the version 0.
SELECT a.id, a.currency, a.currency_scale, a.type,
       coalesce(v.posted_debits, 0), coalesce(v.posted_credits, 0), 0
  FROM <schema>.accounts a
  LEFT JOIN LATERAL (
      SELECT b.posted_debits, b.posted_credits
        FROM <schema>.value_balances b
       WHERE b.account_id = a.id AND b.value_date <= :valueDate
       ORDER BY b.value_date DESC
       LIMIT 1) v ON true
 ORDER BY a.code COLLATE "C"
