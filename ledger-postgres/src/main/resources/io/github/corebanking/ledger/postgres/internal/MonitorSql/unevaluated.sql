-- The monitors not removed and never evaluated, oldest first.
SELECT m.id, m.name, m.account_id, m.category_id, m.measure, m.comparison, m.threshold,
       coalesce(a.currency, m.currency), coalesce(a.currency_scale, m.currency_scale), m.metadata,
       m.created_at, m.firing, m.seen_version, m.evaluated_at
  FROM <schema>.balance_monitors m LEFT JOIN <schema>.accounts a ON a.id = m.account_id
 WHERE m.removed_at IS NULL AND m.evaluated_at IS NULL
 ORDER BY m.created_at, m.id
 LIMIT :limit
