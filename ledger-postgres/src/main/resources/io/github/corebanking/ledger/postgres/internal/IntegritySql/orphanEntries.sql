-- Entries whose transaction or account does not exist.
SELECT e.id, count(*) OVER () AS total
FROM <schema>.entries e
WHERE NOT EXISTS (SELECT 1 FROM <schema>.transactions t WHERE t.id = e.transaction_id)
   OR NOT EXISTS (SELECT 1 FROM <schema>.accounts a WHERE a.id = e.account_id)
ORDER BY e.id
LIMIT :limit
