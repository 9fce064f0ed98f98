-- The monitors not removed that watch any of the accounts, directly or through a category whose
-- subtree holds one of them (the categories they are placed in and every category above those; a
-- walk up the tree, UNION so that it ends even over a cycle), with their states.
WITH RECURSIVE holding (id) AS (
    SELECT ca.category_id FROM <schema>.category_accounts ca WHERE ca.account_id = ANY(:ids)
    UNION
    SELECT c.parent_id FROM <schema>.categories c JOIN holding h ON c.id = h.id WHERE c.parent_id IS NOT NULL
)
SELECT m.id, m.name, m.account_id, m.category_id, m.measure, m.comparison, m.threshold,
       coalesce(a.currency, m.currency), coalesce(a.currency_scale, m.currency_scale), m.metadata,
       m.created_at, m.firing, m.seen_version, m.evaluated_at
  FROM <schema>.balance_monitors m LEFT JOIN <schema>.accounts a ON a.id = m.account_id
 WHERE m.removed_at IS NULL
   AND (m.account_id = ANY(:ids)
        OR (m.category_id IS NOT NULL AND m.category_id IN (SELECT h.id FROM holding h)))
 ORDER BY m.created_at, m.id
