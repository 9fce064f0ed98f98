-- Posted entries of an account booked in (after, upTo]: what to add to a snapshot.
SELECT coalesce(sum(amount) FILTER (WHERE side = 'DEBIT'), 0),
       coalesce(sum(amount) FILTER (WHERE side = 'CREDIT'), 0),
       max(account_version)
  FROM <schema>.entries
 WHERE account_id = :account AND NOT pending AND posted_at > :after AND posted_at <= :upTo
