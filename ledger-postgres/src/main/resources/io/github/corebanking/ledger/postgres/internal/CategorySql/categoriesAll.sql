-- Every category, by code in byte order.
SELECT id, code, name, normal_side, parent_id, created_at
  FROM <schema>.categories
 ORDER BY code COLLATE "C"
