-- Every account and its counters, by code in byte order.
SELECT id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits,
       credits_must_not_exceed_debits, CAST(metadata AS text) AS metadata, created_at,
       posted_debits, posted_credits, pending_debits, pending_credits, version
  FROM <schema>.accounts
 ORDER BY code COLLATE "C"
