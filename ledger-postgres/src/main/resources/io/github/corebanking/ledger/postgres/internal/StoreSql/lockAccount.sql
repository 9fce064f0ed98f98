-- An account and its counters, its row locked for the rest of the transaction.
SELECT id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits,
       credits_must_not_exceed_debits, CAST(metadata AS text) AS metadata, created_at,
       posted_debits, posted_credits, pending_debits, pending_credits, version
  FROM <schema>.accounts
 WHERE id = :id
   FOR UPDATE
