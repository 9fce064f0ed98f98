-- The accounts of a category's subtree, each once, with their counters, by code in byte order:
-- a walk down the tree from the category (UNION: it ends even over a cycle), then the distinct
-- accounts placed anywhere in it.
WITH RECURSIVE tree (id) AS (
    SELECT c.id FROM <schema>.categories c WHERE c.id = :category
    UNION
    SELECT c.id FROM <schema>.categories c JOIN tree t ON c.parent_id = t.id
), members AS (
    SELECT DISTINCT m.account_id FROM <schema>.category_accounts m JOIN tree t ON t.id = m.category_id
)
SELECT a.id, a.code, a.name, a.type, a.currency, a.currency_scale, a.status, a.debits_must_not_exceed_credits,
       a.credits_must_not_exceed_debits, CAST(a.metadata AS text) AS metadata, a.created_at,
       a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits, a.version
  FROM members m
  JOIN <schema>.accounts a ON a.id = m.account_id
 ORDER BY a.code COLLATE "C"
