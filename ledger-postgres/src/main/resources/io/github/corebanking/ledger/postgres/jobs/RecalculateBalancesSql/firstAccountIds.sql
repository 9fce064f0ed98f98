SELECT id FROM <schema>.accounts ORDER BY id LIMIT :limit
