-- Entries whose transaction or account does not exist.
SELECT e.id
  FROM {schema}.entries AS e
 WHERE NOT EXISTS (SELECT 1 FROM {schema}.transactions AS t WHERE t.id = e.transaction_id)
    OR NOT EXISTS (SELECT 1 FROM {schema}.accounts AS a WHERE a.id = e.account_id)
 ORDER BY e.id
