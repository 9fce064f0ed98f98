-- One round trip writes a planned batch: final counters of every touched account, new
-- transactions, settled holds and all entries. Arrays are parallel; empty arrays write nothing.
-- The store sends COMMIT in the same round trip; if any statement fails, the server skips the
-- rest and the transaction is rolled back. A hold settled twice is impossible while every writer
-- locks the accounts first, and the transactions trigger refuses it anyway.
UPDATE {schema}.accounts AS a
   SET posted_debits = v.pd, posted_credits = v.pc, pending_debits = v.qd, pending_credits = v.qc, version = v.ver
  FROM unnest(?::uuid[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[]) AS v(id, pd, pc, qd, qc, ver)
 WHERE a.id = v.id;
INSERT INTO {schema}.transactions
       (id, idempotency_key, request_hash, description, effective_date, posted_at, status, metadata, expires_at, reverses)
SELECT v.id, v.k, v.h, v.d, v.ed, v.pa, v.st, v.md::jsonb, v.ex, v.rv
  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::date[], ?::timestamptz[], ?::text[], ?::text[],
              ?::timestamptz[], ?::uuid[]) AS v(id, k, h, d, ed, pa, st, md, ex, rv);
UPDATE {schema}.transactions AS t
   SET status = v.st, settled_at = v.at
  FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) AS v(id, st, at)
 WHERE t.id = v.id;
INSERT INTO {schema}.entries
       (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
        balance_after, account_version)
SELECT *
  FROM unnest(?::uuid[], ?::uuid[], ?::int4[], ?::uuid[], ?::text[], ?::int8[], ?::text[], ?::int2[], ?::bool[],
              ?::timestamptz[], ?::int8[], ?::int8[])
