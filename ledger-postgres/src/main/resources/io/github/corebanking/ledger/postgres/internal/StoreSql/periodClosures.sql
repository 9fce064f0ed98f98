-- Every closure, standing and reopened, oldest first.
SELECT through, closed_at, metadata::text, reopened_at, reopened_metadata::text
  FROM <schema>.period_closures
 ORDER BY id
