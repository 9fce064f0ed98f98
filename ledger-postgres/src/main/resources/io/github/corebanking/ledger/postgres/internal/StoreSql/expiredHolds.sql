-- Holds whose expiry has passed, oldest expiry first; not those dated in a closed period, which
-- stay pending until it is reopened.
SELECT id
  FROM <schema>.transactions
 WHERE status = 'PENDING' AND expires_at <= :now
   AND effective_date > coalesce(<schema>.closed_through(), DATE '-infinity')
 ORDER BY expires_at, id
 LIMIT :limit
