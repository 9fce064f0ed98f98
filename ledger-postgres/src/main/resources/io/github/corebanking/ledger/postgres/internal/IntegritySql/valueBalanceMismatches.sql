-- Accounts whose latest value-dated balance (value_balances, schema version 7) differs from their
-- posted counters while the counters themselves equal their entries (an account whose counters
-- are wrong is counterMismatches.sql's): every posted entry counts from its value date on, so the
-- row of the latest date holds them all (none: zero). One index probe per account; only the
-- entries of the accounts found are read, to leave out those with wrong counters.
WITH found AS (
    SELECT a.id, a.currency, a.currency_scale, a.type, a.version,
           coalesce(v.posted_debits, 0) AS value_posted_debits,
           coalesce(v.posted_credits, 0) AS value_posted_credits,
           a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits
    FROM <schema>.accounts a
    LEFT JOIN LATERAL (
        SELECT b.posted_debits, b.posted_credits
        FROM <schema>.value_balances b
        WHERE b.account_id = a.id
        ORDER BY b.value_date DESC
        LIMIT 1
    ) v ON true
    WHERE (coalesce(v.posted_debits, 0), coalesce(v.posted_credits, 0)) <> (a.posted_debits, a.posted_credits)
)
SELECT f.*, count(*) OVER () AS total
FROM found f
CROSS JOIN LATERAL (
    SELECT coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0) AS posted_debits,
           coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS posted_credits,
           coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'DEBIT'), 0)
               AS pending_debits,
           coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'CREDIT'), 0)
               AS pending_credits
    FROM <schema>.entries e
    LEFT JOIN <schema>.transactions t ON e.pending AND t.id = e.transaction_id
    WHERE e.account_id = f.id
) s
WHERE (f.posted_debits, f.posted_credits, f.pending_debits, f.pending_credits)
      = (s.posted_debits, s.posted_credits, s.pending_debits, s.pending_credits)
ORDER BY f.id
LIMIT :limit
