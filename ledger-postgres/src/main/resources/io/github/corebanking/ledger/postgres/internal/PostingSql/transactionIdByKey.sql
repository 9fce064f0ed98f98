SELECT id FROM <schema>.transactions WHERE idempotency_key = ?
