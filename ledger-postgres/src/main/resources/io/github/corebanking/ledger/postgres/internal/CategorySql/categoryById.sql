-- One category.
SELECT id, code, name, normal_side, parent_id, created_at
  FROM <schema>.categories
 WHERE id = :id
