-- Accounts whose counters differ from their entries: posted counters from posted entries,
-- pending counters from the hold entries of transactions still PENDING.
WITH sums AS (
    SELECT e.account_id,
           coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0) AS posted_debits,
           coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS posted_credits,
           coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'DEBIT'), 0)
               AS pending_debits,
           coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'CREDIT'), 0)
               AS pending_credits
    FROM <schema>.entries e
    LEFT JOIN <schema>.transactions t ON t.id = e.transaction_id
    GROUP BY e.account_id
)
SELECT a.id, a.currency, a.currency_scale, a.type, a.version,
       a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits,
       CAST(coalesce(s.posted_debits, 0) AS bigint) AS expected_posted_debits,
       CAST(coalesce(s.posted_credits, 0) AS bigint) AS expected_posted_credits,
       CAST(coalesce(s.pending_debits, 0) AS bigint) AS expected_pending_debits,
       CAST(coalesce(s.pending_credits, 0) AS bigint) AS expected_pending_credits,
       count(*) OVER () AS total
FROM <schema>.accounts a
LEFT JOIN sums s ON s.account_id = a.id
WHERE (a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits)
      IS DISTINCT FROM (coalesce(s.posted_debits, 0), coalesce(s.posted_credits, 0),
                        coalesce(s.pending_debits, 0), coalesce(s.pending_credits, 0))
ORDER BY a.id
LIMIT :limit
