-- The entries a batch books. Arrays are parallel.
INSERT INTO <schema>.entries
       (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
        balance_after, account_version)
SELECT *
  FROM unnest(?::uuid[], ?::uuid[], ?::int4[], ?::uuid[], ?::text[], ?::int8[], ?::text[], ?::int2[], ?::bool[],
              ?::timestamptz[], ?::int8[], ?::int8[])
