-- One page of hash-chain heads: each account's version and latest entry hash, read together from
-- its row (post_batch sets both), and its checkpoint (schema version 10), ascending id after :after.
SELECT a.id, a.version, a.last_entry_hash, coalesce(c.unhashed_through, 0), coalesce(c.verified_through, 0),
       c.verified_hash
  FROM <schema>.accounts AS a
  LEFT JOIN <schema>.hash_chain_checkpoints AS c ON c.account_id = a.id
 WHERE a.id > :after
 ORDER BY a.id
 LIMIT :limit
