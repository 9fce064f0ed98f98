-- Accounts whose latest value-dated balance (value_balances, schema version 7) differs from their
-- posted counters: every posted entry counts from its value date on, so the row of the latest date
-- holds them all (none: zero). One index probe per account; the entries are not read.
SELECT a.id, a.currency, a.currency_scale, a.type, a.version,
       coalesce(v.posted_debits, 0) AS value_posted_debits,
       coalesce(v.posted_credits, 0) AS value_posted_credits,
       a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits,
       count(*) OVER () AS total
FROM <schema>.accounts a
LEFT JOIN LATERAL (
    SELECT b.posted_debits, b.posted_credits
    FROM <schema>.value_balances b
    WHERE b.account_id = a.id
    ORDER BY b.value_date DESC
    LIMIT 1
) v ON true
WHERE (coalesce(v.posted_debits, 0), coalesce(v.posted_credits, 0)) <> (a.posted_debits, a.posted_credits)
ORDER BY a.id
LIMIT :limit
