-- Accounts with their counters, as the current transaction sees them (a posting in the caller's
-- transaction reads what that transaction wrote). Parameter: ids uuid[].
SELECT id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits,
       credits_must_not_exceed_debits, metadata::text, created_at,
       posted_debits, posted_credits, pending_debits, pending_credits, version
  FROM <schema>.accounts
 WHERE id = ANY (?::uuid[])
