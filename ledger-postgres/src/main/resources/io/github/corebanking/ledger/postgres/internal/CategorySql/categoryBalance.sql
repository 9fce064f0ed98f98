-- A category's balance in one statement: the category row, then per currency the counters of the
-- distinct accounts of its subtree summed (a walk down the tree from the category; UNION, so the
-- walk ends even over a cycle). One row with a null currency when the subtree holds no account,
-- no row when the category does not exist. Sums are numeric; the cast to bigint refuses an
-- overflow (22003) rather than wrap.
WITH RECURSIVE tree (id) AS (
    SELECT c.id FROM <schema>.categories c WHERE c.id = :category
    UNION
    SELECT c.id FROM <schema>.categories c JOIN tree t ON c.parent_id = t.id
), members AS (
    SELECT DISTINCT m.account_id FROM <schema>.category_accounts m JOIN tree t ON t.id = m.category_id
), sums AS (
    SELECT a.currency, a.currency_scale, count(*) AS accounts,
           CAST(sum(a.posted_debits) AS bigint) AS posted_debits,
           CAST(sum(a.posted_credits) AS bigint) AS posted_credits,
           CAST(sum(a.pending_debits) AS bigint) AS pending_debits,
           CAST(sum(a.pending_credits) AS bigint) AS pending_credits
      FROM members m
      JOIN <schema>.accounts a ON a.id = m.account_id
     GROUP BY a.currency, a.currency_scale
)
SELECT c.id, c.code, c.name, c.normal_side, c.parent_id, c.created_at,
       s.currency, s.currency_scale, s.accounts, s.posted_debits, s.posted_credits, s.pending_debits, s.pending_credits
  FROM <schema>.categories c
  LEFT JOIN sums s ON true
 WHERE c.id = :category
