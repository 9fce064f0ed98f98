-- The final counters and version of every account a batch touched, when the batch was planned
-- from remembered states without reading the rows: each row must still be in the state it was
-- planned on (version, status and the four counters), or account_changed raises SQLSTATE LG001
-- and the whole transaction, COMMIT included, is abandoned. Arrays are parallel, ids ascending,
-- so concurrent batches lock rows in the same order.
UPDATE <schema>.accounts AS a
   SET posted_debits = v.pd, posted_credits = v.pc, pending_debits = v.qd, pending_credits = v.qc,
       version = CASE
                     WHEN a.version = v.ev AND a.status = v.es
                          AND a.posted_debits = v.epd AND a.posted_credits = v.epc
                          AND a.pending_debits = v.eqd AND a.pending_credits = v.eqc
                     THEN v.ver
                     ELSE <schema>.account_changed(a.id, a.version, v.ev)
                 END
  FROM unnest(?::uuid[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
              ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[])
       AS v(id, pd, pc, qd, qc, ver, es, epd, epc, eqd, eqc, ev)
 WHERE a.id = v.id
