SELECT id
  FROM {schema}.transactions
 WHERE status = 'PENDING' AND expires_at <= ?
 ORDER BY expires_at, id
 LIMIT ?
