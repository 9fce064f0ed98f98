-- A batch's writes, through post_batch (schema version 10), which runs with its owner's rights and
-- checks that the counters, versions, statuses and entries agree before anything commits. Arrays
-- are parallel within each group: accounts (ids ascending; the currency, scale and normal side
-- planned on; final counters and version; then the status, counters and version planned on),
-- transactions created (with their digests), holds settled (with a commit's new digest), entries
-- (naming their transaction and account by position, with their hashes).
SELECT <schema>.post_batch(
    ?::uuid[], ?::text[], ?::int2[], ?::bool[],
    ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
    ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
    ?::uuid[], ?::text[], ?::text[], ?::text[], ?::date[], ?::timestamptz[], ?::text[], ?::text[],
    ?::timestamptz[], ?::uuid[], ?::text[],
    ?::uuid[], ?::text[], ?::timestamptz[], ?::text[],
    ?::uuid[], ?::int4[], ?::int4[], ?::int4[], ?::bool[], ?::int8[], ?::bool[], ?::timestamptz[], ?::int8[], ?::int8[],
    ?::text[])
