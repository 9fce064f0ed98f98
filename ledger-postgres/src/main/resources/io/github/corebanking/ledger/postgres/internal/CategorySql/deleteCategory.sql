DELETE FROM <schema>.categories WHERE id = :id
