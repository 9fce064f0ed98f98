-- Gives positions to up to :limit queued changes that have committed (schema version 9).
SELECT <schema>.sequence_changes(:limit)
