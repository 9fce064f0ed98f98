-- A category's posted balance at an instant t in one statement: the shape of balancesAsOf.sql
-- (each account's latest snapshot with as_of <= t plus its posted entries in (as_of, t]),
-- restricted to the distinct accounts of the category's subtree, then summed per currency. Entries
-- older than the oldest snapshot used are never read (the lower bound prunes their partitions).
-- One row with a null currency when the subtree holds no account, no row when the category does
-- not exist.
WITH RECURSIVE tree (id) AS (
    SELECT c.id FROM <schema>.categories c WHERE c.id = :category
    UNION
    SELECT c.id FROM <schema>.categories c JOIN tree t ON c.parent_id = t.id
), members AS (
    SELECT DISTINCT m.account_id FROM <schema>.category_accounts m JOIN tree t ON t.id = m.category_id
), snap AS (
    SELECT DISTINCT ON (s.account_id) s.account_id, s.as_of, s.posted_debits, s.posted_credits
      FROM <schema>.balance_snapshots AS s
      JOIN members AS m ON m.account_id = s.account_id
     WHERE s.as_of <= :t
     ORDER BY s.account_id, s.snapshot_date DESC
), bound AS (
    SELECT CASE WHEN count(s.account_id) = count(m.account_id) THEN min(s.as_of) ELSE CAST('-infinity' AS timestamptz) END AS lower
      FROM members AS m LEFT JOIN snap AS s ON s.account_id = m.account_id
), delta AS (
    SELECT e.account_id,
           coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0)  AS debits,
           coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits
      FROM <schema>.entries AS e
      JOIN members AS m ON m.account_id = e.account_id
      LEFT JOIN snap AS s ON s.account_id = e.account_id
     WHERE NOT e.pending
       AND e.posted_at <= :t
       AND e.posted_at > (SELECT lower FROM bound)
       AND (s.as_of IS NULL OR e.posted_at > s.as_of)
     GROUP BY e.account_id
), sums AS (
    SELECT a.currency, a.currency_scale, count(*) AS accounts,
           CAST(sum(coalesce(s.posted_debits, 0) + coalesce(d.debits, 0)) AS bigint) AS posted_debits,
           CAST(sum(coalesce(s.posted_credits, 0) + coalesce(d.credits, 0)) AS bigint) AS posted_credits
      FROM members AS m
      JOIN <schema>.accounts AS a ON a.id = m.account_id
      LEFT JOIN snap AS s ON s.account_id = m.account_id
      LEFT JOIN delta AS d ON d.account_id = m.account_id
     GROUP BY a.currency, a.currency_scale
)
SELECT c.id, c.code, c.name, c.normal_side, c.parent_id, c.created_at,
       s.currency, s.currency_scale, s.accounts, s.posted_debits, s.posted_credits, 0, 0
  FROM <schema>.categories c
  LEFT JOIN sums s ON true
 WHERE c.id = :category
