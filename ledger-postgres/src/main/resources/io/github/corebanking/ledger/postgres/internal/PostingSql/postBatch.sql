-- A batch's writes, through post_batch (schema version 5), which runs with its owner's rights and
-- checks that the counters, versions, statuses and entries agree before anything commits. Arrays
-- are parallel within each group: accounts (ids ascending; the currency, scale and normal side
-- planned on; final counters and version; then the status, counters and version planned on),
-- transactions created, holds settled, entries (naming their transaction and account by position).
SELECT <schema>.post_batch(
    ?::uuid[], ?::text[], ?::int2[], ?::bool[],
    ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
    ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
    ?::uuid[], ?::text[], ?::text[], ?::text[], ?::date[], ?::timestamptz[], ?::text[], ?::text[],
    ?::timestamptz[], ?::uuid[],
    ?::uuid[], ?::text[], ?::timestamptz[],
    ?::uuid[], ?::int4[], ?::int4[], ?::int4[], ?::bool[], ?::int8[], ?::bool[], ?::timestamptz[], ?::int8[], ?::int8[])
