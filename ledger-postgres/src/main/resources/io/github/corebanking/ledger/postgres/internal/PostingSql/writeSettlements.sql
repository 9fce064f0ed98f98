-- Holds a batch settles (posted or voided). A hold settled twice is impossible while every writer
-- locks the accounts first, and the transactions trigger refuses it anyway.
UPDATE <schema>.transactions AS t
   SET status = v.st, settled_at = v.at
  FROM unnest(?::uuid[], ?::text[], ?::timestamptz[]) AS v(id, st, at)
 WHERE t.id = v.id
