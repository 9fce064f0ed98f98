-- A batch's writes, through apply_batch (schema version 4), which runs with its owner's rights and
-- checks that the counters, versions, statuses and entries agree before anything commits. Arrays
-- are parallel within each group: accounts (ids ascending; final counters and version, then the
-- status, counters and version planned on), transactions created, holds settled, entries.
SELECT <schema>.apply_batch(
    ?::uuid[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
    ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
    ?::uuid[], ?::text[], ?::text[], ?::text[], ?::date[], ?::timestamptz[], ?::text[], ?::text[],
    ?::timestamptz[], ?::uuid[],
    ?::uuid[], ?::text[], ?::timestamptz[],
    ?::uuid[], ?::uuid[], ?::int4[], ?::uuid[], ?::text[], ?::int8[], ?::text[], ?::int2[], ?::bool[],
    ?::timestamptz[], ?::int8[], ?::int8[])
