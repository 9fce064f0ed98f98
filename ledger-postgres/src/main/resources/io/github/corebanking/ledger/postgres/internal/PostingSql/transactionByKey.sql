SELECT t.id, t.idempotency_key, t.request_hash, t.description, t.effective_date, t.posted_at, t.status,
       t.metadata::text, t.expires_at, t.reverses, t.settled_at,
       (SELECT r.id FROM <schema>.transactions AS r WHERE r.reverses = t.id) AS reversed_by, t.digest
  FROM <schema>.transactions AS t
 WHERE t.idempotency_key = ?
