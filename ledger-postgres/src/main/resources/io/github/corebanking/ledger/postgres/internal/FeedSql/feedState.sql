-- The last position given out and the highest pruned.
SELECT last_position, pruned_through FROM <schema>.change_feed WHERE id
