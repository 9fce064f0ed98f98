-- The accounts among the given whose value_balances rows (schema version 7) differ from what
-- their posted entries add up to by value date, cumulative: a row wrong, missing, or left over on a
-- date without posted entries.
WITH want AS (
    SELECT d.account_id, d.value_date,
           sum(d.debits) OVER w AS posted_debits,
           sum(d.credits) OVER w AS posted_credits
    FROM (
        SELECT e.account_id, e.value_date,
               coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS debits,
               coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits
        FROM <schema>.entries e
        WHERE e.account_id IN (<ids>) AND NOT e.pending
        GROUP BY e.account_id, e.value_date
    ) d
    WINDOW w AS (PARTITION BY d.account_id ORDER BY d.value_date ROWS UNBOUNDED PRECEDING)
), have AS (
    SELECT v.account_id, v.value_date, v.posted_debits, v.posted_credits
    FROM <schema>.value_balances v
    WHERE v.account_id IN (<ids>)
)
SELECT DISTINCT coalesce(w.account_id, h.account_id) AS id
FROM want w
FULL JOIN have h ON h.account_id = w.account_id AND h.value_date = w.value_date
WHERE w.account_id IS NULL OR h.account_id IS NULL
   OR (w.posted_debits, w.posted_credits) <> (h.posted_debits, h.posted_credits)
