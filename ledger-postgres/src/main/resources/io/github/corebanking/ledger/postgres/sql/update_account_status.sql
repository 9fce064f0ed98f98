UPDATE {schema}.accounts SET status = ? WHERE id = ?
