-- Retention: deletes the oldest changes recorded before :before and at or before :through.
SELECT <schema>.prune_changes(:before, :through, :limit)
