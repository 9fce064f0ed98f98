INSERT INTO <schema>.categories (id, code, name, normal_side, parent_id, created_at)
VALUES (:id, :code, :name, :normalSide, CAST(:parentId AS uuid), :createdAt)
