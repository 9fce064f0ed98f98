-- Creates the entries partition of a month if missing; true when it had to be created.
SELECT <schema>.ensure_entries_partition(CAST(:month AS date))
