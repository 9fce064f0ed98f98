-- The day's intra-day checkpoints, computed by the database from the entries (checkpoint_day,
-- schema version 4), after the day's snapshots and once its old checkpoints were deleted.
SELECT <schema>.checkpoint_day(:date, :dayStart, :asOf, :every)
