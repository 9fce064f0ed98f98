-- Transactions whose entries do not balance per currency and phase (holds, postings), or that
-- have no entries at all; total counts them all, whatever the limit.
SELECT t.id, count(*) OVER () AS total
FROM <schema>.transactions t
LEFT JOIN (
    SELECT transaction_id, bool_and(net = 0) AS balanced
    FROM (
        SELECT transaction_id, currency, pending,
               sum(CASE WHEN side = 'DEBIT' THEN amount ELSE -amount END) AS net
        FROM <schema>.entries
        GROUP BY transaction_id, currency, pending
    ) per_phase
    GROUP BY transaction_id
) b ON b.transaction_id = t.id
WHERE b.balanced IS NOT TRUE
ORDER BY t.id
LIMIT :limit
