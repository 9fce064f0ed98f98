SELECT id FROM <schema>.accounts WHERE id > :after ORDER BY id LIMIT :limit
