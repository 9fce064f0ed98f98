-- The day's snapshots, computed by the database from the entries (snapshot_day, schema version 4):
-- a caller names the day and its end instant, never the amounts.
SELECT <schema>.snapshot_day(:date, :asOf)
