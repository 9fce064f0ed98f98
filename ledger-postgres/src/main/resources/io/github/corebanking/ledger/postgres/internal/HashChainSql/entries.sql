-- One page of an account's entries in chain order, after (:afterVersion, :afterOrdinal) and at most
-- :throughVersion: entries_account_version_idx (schema version 3), one probe per partition.
SELECT id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
       balance_after, account_version, hash
  FROM <schema>.entries
 WHERE account_id = :account
   AND (account_version, ordinal) > (:afterVersion, :afterOrdinal)
   AND account_version <= :throughVersion
 ORDER BY account_version, ordinal
 LIMIT :limit
