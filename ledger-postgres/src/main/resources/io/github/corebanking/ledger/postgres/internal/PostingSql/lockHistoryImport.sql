-- An import batch, after its keys and accounts are locked: locks the history_import row for the
-- rest of the transaction and reads where the import stands.
SELECT booked_through, live FROM <schema>.lock_history_import()
