-- Entries of a transaction are booked at its posted_at (and, for a settled hold, at settled_at):
-- naming those instants lets PostgreSQL skip every other partition.
SELECT id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
       balance_after, account_version, hash
  FROM <schema>.entries
 WHERE transaction_id = ANY (?::uuid[]) AND posted_at = ANY (?::timestamptz[])
 ORDER BY transaction_id, ordinal
