-- Core Banking Ledger, PostgreSQL schema version 2: the check behind one-round-trip posting,
-- and what makes as-of reads short (a snapshot index, intra-day checkpoints).
--
-- account_changed(p_account uuid, p_version bigint, p_expected bigint) RETURNS bigint
--
-- Raised from inside a posting's account update when the row is no longer in the state the
-- posting was planned on. A writer that plans a batch from the account states it committed last
-- (instead of reading and locking the rows first) writes every account with
--   version = CASE WHEN <row as planned on> THEN <new version> ELSE account_changed(...) END
-- so a row changed meanwhile (by another process, a job, an operator) aborts the whole database
-- transaction before its COMMIT; the writer then plans the batch again from locked rows. It never
-- returns. SQLSTATE LG001 is the ledger's own: nothing else raises it.
CREATE FUNCTION account_changed(p_account uuid, p_version bigint, p_expected bigint) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'account % changed since the posting was planned (now at version %, planned on version %)',
        p_account, p_version, p_expected
        USING ERRCODE = 'LG001',
              HINT = 'The writer plans the batch again from locked rows.';
END
$$;

-- As-of reads probe snapshots by instant: the latest snapshot with as_of <= t is one index probe
-- instead of a backward walk over the account's later days.
CREATE INDEX balance_snapshots_account_as_of_idx ON balance_snapshots (account_id, as_of);

-- Intra-day checkpoints: for an account with many entries in a day, the posted counters as of
-- several instants inside the day (every N entries, N set on the snapshot job), written by
-- DailyBalanceSnapshotJob with the day's snapshots and replaced when the day is re-run. Like a
-- snapshot, a checkpoint at as_of counts every posted entry with posted_at <= as_of, so an as-of
-- read adds at most about N entries to the latest checkpoint or snapshot before it. Checkpoints
-- only make reads fast, never correct: deleting them never changes a balance.
CREATE TABLE balance_checkpoints (
    account_id      uuid        NOT NULL,
    as_of           timestamptz NOT NULL,
    snapshot_date   date        NOT NULL,
    posted_debits   bigint      NOT NULL,
    posted_credits  bigint      NOT NULL,
    account_version bigint      NOT NULL,
    CONSTRAINT balance_checkpoints_pkey PRIMARY KEY (account_id, as_of),
    CONSTRAINT balance_checkpoints_counters_check CHECK (posted_debits >= 0 AND posted_credits >= 0
        AND account_version >= 0)
);

CREATE INDEX balance_checkpoints_date_idx ON balance_checkpoints (snapshot_date);
