-- One pgbench transaction = the rows a batch of 100 two-entry postings writes in the ledger's own
-- tables (schema bench_batch, made by run-batch-floor.sh from the shipped migrations), with no
-- ledger logic at all: 200 account counters updated (accounts locked in id order, as the store
-- does), 100 transactions and 200 entries inserted with their value dates, hashes and digests
-- (32 bytes each, as schema version 10 stores them), one commit. Its rate times 200 is the most
-- entries per second this server can write for postAll batches of 100 on this schema.
\set first random(1, 800)
BEGIN;
SELECT set_config('enable_seqscan', 'off', true);
SELECT id FROM bench_batch.accounts WHERE code BETWEEN lpad(:first::text, 4, '0') AND lpad((:first + 199)::text, 4, '0')
 ORDER BY id FOR UPDATE;
UPDATE bench_batch.accounts SET posted_debits = posted_debits + 1, version = version + 1
 WHERE code BETWEEN lpad(:first::text, 4, '0') AND lpad((:first + 199)::text, 4, '0');
WITH a AS (
  SELECT id, CAST(row_number() OVER (ORDER BY code) - 1 AS integer) AS k
    FROM bench_batch.accounts
   WHERE code BETWEEN lpad(:first::text, 4, '0') AND lpad((:first + 199)::text, 4, '0')),
t AS (
  INSERT INTO bench_batch.transactions (id, idempotency_key, request_hash, description, effective_date, posted_at, status,
                                        digest)
  SELECT gen_random_uuid(), gen_random_uuid()::text, 'h', 'transfer', current_date, now(), 'POSTED',
         sha256(CAST(g AS text)::bytea)
    FROM generate_series(1, 100) AS g
  RETURNING id),
n AS (SELECT id, CAST(row_number() OVER () - 1 AS integer) AS k FROM t)
INSERT INTO bench_batch.entries (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale,
                                 pending, posted_at, balance_after, account_version, value_date, hash)
SELECT gen_random_uuid(), n.id, s.o, a.id, CASE s.o WHEN 0 THEN 'DEBIT' ELSE 'CREDIT' END, 100, 'USD', 2, false,
       now(), 100, 1, current_date, sha256(CAST(n.id AS text)::bytea)
  FROM n CROSS JOIN generate_series(0, 1) AS s(o)
  JOIN a ON a.k = n.k * 2 + s.o;
COMMIT;
