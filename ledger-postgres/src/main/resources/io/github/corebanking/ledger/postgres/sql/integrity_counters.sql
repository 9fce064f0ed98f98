-- Accounts whose counters differ from their entries: posted counters from posted entries,
-- pending counters from the hold entries of transactions still PENDING.
WITH sums AS (
    SELECT e.account_id,
           coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0)  AS pd,
           coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS pc,
           coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'DEBIT'), 0)  AS qd,
           coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'CREDIT'), 0) AS qc
      FROM {schema}.entries AS e
      LEFT JOIN {schema}.transactions AS t ON t.id = e.transaction_id
     GROUP BY e.account_id
)
SELECT a.id, a.currency, a.currency_scale, a.type,
       a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits, a.version,
       coalesce(s.pd, 0), coalesce(s.pc, 0), coalesce(s.qd, 0), coalesce(s.qc, 0)
  FROM {schema}.accounts AS a
  LEFT JOIN sums AS s ON s.account_id = a.id
 WHERE (a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits)
       IS DISTINCT FROM (coalesce(s.pd, 0), coalesce(s.pc, 0), coalesce(s.qd, 0), coalesce(s.qc, 0))
 ORDER BY a.id
