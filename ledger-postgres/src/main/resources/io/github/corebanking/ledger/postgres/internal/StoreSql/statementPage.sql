-- Keyset page of the entries of an account in [from, to), by account version then ordinal. The
-- posted_at range in the predicate lets PostgreSQL prune partitions outside it.
SELECT id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
       balance_after, account_version, hash
  FROM <schema>.entries
 WHERE account_id = :account AND posted_at >= :from AND posted_at < :to
   AND (account_version, ordinal) > (:afterVersion, :afterOrdinal)
 ORDER BY account_version, ordinal
 LIMIT :limit
