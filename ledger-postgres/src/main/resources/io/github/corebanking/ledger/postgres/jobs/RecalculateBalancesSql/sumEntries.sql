SELECT e.account_id AS id,
       CAST(coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0) AS bigint) AS posted_debits,
       CAST(coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS bigint) AS posted_credits,
       CAST(coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'DEBIT'), 0) AS bigint)
           AS pending_debits,
       CAST(coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'CREDIT'), 0) AS bigint)
           AS pending_credits
FROM <schema>.entries e
LEFT JOIN <schema>.transactions t ON e.pending AND t.id = e.transaction_id
WHERE e.account_id IN (<ids>)
GROUP BY e.account_id
