-- The final counters and version of every account a batch touched, after the rows were locked
-- and read in the same transaction (batchPrepare.sql). Arrays are parallel.
UPDATE <schema>.accounts AS a
   SET posted_debits = v.pd, posted_credits = v.pc, pending_debits = v.qd, pending_credits = v.qc, version = v.ver
  FROM unnest(?::uuid[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[]) AS v(id, pd, pc, qd, qc, ver)
 WHERE a.id = v.id
