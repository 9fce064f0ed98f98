-- The names of the monitors not removed that watch a category (schema version 12).
SELECT m.name FROM <schema>.balance_monitors m WHERE m.category_id = :category AND m.removed_at IS NULL
