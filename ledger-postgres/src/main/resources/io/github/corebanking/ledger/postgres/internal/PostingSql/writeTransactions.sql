-- The transactions a batch creates. Arrays are parallel. A key stored meanwhile by another writer
-- fails the insert (transactions_idempotency_key_key) and the batch is planned again.
INSERT INTO <schema>.transactions
       (id, idempotency_key, request_hash, description, effective_date, posted_at, status, metadata, expires_at, reverses)
SELECT v.id, v.k, v.h, v.d, v.ed, v.pa, v.st, v.md::jsonb, v.ex, v.rv
  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::date[], ?::timestamptz[], ?::text[], ?::text[],
              ?::timestamptz[], ?::uuid[]) AS v(id, k, h, d, ed, pa, st, md, ex, rv)
