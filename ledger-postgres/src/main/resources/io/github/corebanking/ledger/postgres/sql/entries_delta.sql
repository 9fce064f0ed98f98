-- Posted entries of an account booked in (after, upTo]: what to add to a snapshot.
-- Parameters: account, after, upTo.
SELECT coalesce(sum(amount) FILTER (WHERE side = 'DEBIT'), 0),
       coalesce(sum(amount) FILTER (WHERE side = 'CREDIT'), 0),
       max(account_version)
  FROM {schema}.entries
 WHERE account_id = ? AND NOT pending AND posted_at > ? AND posted_at <= ?
