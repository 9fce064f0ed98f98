SELECT id, posted_debits, posted_credits, pending_debits, pending_credits
FROM <schema>.accounts
WHERE id IN (<ids>)
ORDER BY id
FOR UPDATE
