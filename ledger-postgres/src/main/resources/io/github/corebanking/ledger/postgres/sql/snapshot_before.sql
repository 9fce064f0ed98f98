-- The latest snapshot of an account covering no more than the instant.
-- Parameters: account, instant.
SELECT as_of, posted_debits, posted_credits, account_version
  FROM {schema}.balance_snapshots
 WHERE account_id = ? AND as_of <= ?
 ORDER BY snapshot_date DESC
 LIMIT 1
