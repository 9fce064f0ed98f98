-- Holds whose expiry has passed, oldest expiry first.
SELECT id
  FROM <schema>.transactions
 WHERE status = 'PENDING' AND expires_at <= :now
 ORDER BY expires_at, id
 LIMIT :limit
