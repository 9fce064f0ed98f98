-- The changes after a position, oldest first.
SELECT position, kind, transaction_id, status, at
  FROM <schema>.changes
 WHERE position > :after
 ORDER BY position
 LIMIT :limit
