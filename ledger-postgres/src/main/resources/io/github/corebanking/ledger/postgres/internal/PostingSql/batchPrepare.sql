-- One round trip opens a posting transaction: timeouts for this transaction only, advisory
-- locks on the idempotency keys (in hash order, so concurrent batches cannot deadlock on them),
-- the transactions already stored under those keys (read after the key locks are held), and the
-- touched accounts locked in ascending id order, and the date the books are closed through, read
-- under the period lock taken shared (as the transactions trigger takes it again), so that no
-- period closes until this transaction ends.
-- Every statement of a posting transaction reaches its rows by key. Sequential scans are turned
-- off for the transaction so that a generic plan cached while a table was small (a new ledger,
-- statistics not yet gathered) keeps probing indexes as the table grows, instead of scanning it
-- whole for every batch. Generic plans are forced, so that post_batch's statements, whose arrays
-- differ in length from batch to batch, are planned once per session instead of on every call.
-- Parameters: lock_timeout, statement_timeout, lock-key prefix, keys text[], keys text[], ids uuid[].
SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true),
       set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true);
SELECT pg_advisory_xact_lock(k.h)
  FROM (SELECT DISTINCT hashtextextended(?::text || key, 0) AS h FROM unnest(?::text[]) AS key ORDER BY 1) AS k;
SELECT idempotency_key, id, request_hash FROM <schema>.transactions WHERE idempotency_key = ANY (?::text[]);
SELECT id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits,
       credits_must_not_exceed_debits, metadata::text, created_at,
       posted_debits, posted_credits, pending_debits, pending_credits, version, last_entry_hash
  FROM <schema>.accounts
 WHERE id = ANY (?::uuid[])
 ORDER BY id
   FOR UPDATE;
SELECT <schema>.closed_through()
