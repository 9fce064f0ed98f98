SELECT EXISTS (SELECT 1 FROM <schema>.accounts WHERE id = :id)
