SELECT status, settled_at FROM <schema>.transactions WHERE id = ?
