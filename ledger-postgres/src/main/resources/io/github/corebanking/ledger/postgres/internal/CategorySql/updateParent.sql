UPDATE <schema>.categories SET parent_id = CAST(:parentId AS uuid) WHERE id = :id
