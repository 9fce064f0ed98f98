-- Holds whose expiry has passed, oldest expiry first; not those dated in a closed period, which
-- stay pending until it is reopened.
WITH closed AS MATERIALIZED (SELECT <schema>.closed_through() AS through)
SELECT t.id
  FROM <schema>.transactions t CROSS JOIN closed
 WHERE t.status = 'PENDING' AND t.expires_at <= :now
   AND t.effective_date > coalesce(closed.through, DATE '-infinity')
 ORDER BY t.expires_at, t.id
 LIMIT :limit
