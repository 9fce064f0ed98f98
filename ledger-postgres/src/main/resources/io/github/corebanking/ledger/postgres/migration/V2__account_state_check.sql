-- Core Banking Ledger, PostgreSQL schema version 2.
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
