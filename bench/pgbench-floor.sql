-- One pgbench transaction = one bare two-row INSERT, committed on its own (autocommit):
-- the server's own floor for a durable write of a two-entry posting, with no ledger logic.
\set account random(1, 1000)
INSERT INTO bench_floor.postings (account, amount) VALUES (:account, 100), (:account % 1000 + 1, -100);
