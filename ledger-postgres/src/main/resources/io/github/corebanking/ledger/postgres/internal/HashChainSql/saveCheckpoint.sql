-- Where verification found an account's chain intact; unhashed_through is never written here.
INSERT INTO <schema>.hash_chain_checkpoints AS c (account_id, verified_through, verified_hash, verified_at)
VALUES (:account, :verifiedThrough, :hash, now())
ON CONFLICT (account_id) DO UPDATE
   SET verified_through = EXCLUDED.verified_through, verified_hash = EXCLUDED.verified_hash,
       verified_at = EXCLUDED.verified_at
