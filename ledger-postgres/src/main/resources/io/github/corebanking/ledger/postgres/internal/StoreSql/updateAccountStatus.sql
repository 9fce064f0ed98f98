UPDATE <schema>.accounts SET status = :status WHERE id = :id
