SELECT 1 FROM {schema}.accounts WHERE id = ?
