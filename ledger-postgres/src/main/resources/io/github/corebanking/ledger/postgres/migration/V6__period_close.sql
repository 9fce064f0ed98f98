-- Core Banking Ledger, PostgreSQL schema version 6: period close.
--
-- period_closures records every closing of the books through a date and its reopening. While a
-- closure stands, no transaction with a value date (effective_date) on or before its date is
-- created, committed or voided: the statement triggers below refuse it with SQLSTATE LG003, for
-- every role and every path that writes transactions. Closing and reopening go through
-- close_period and reopen_period, which run with their owner's rights; the runtime role may read
-- the table but not write it.
--
-- Atomicity: a posting's trigger takes the period lock shared (a transaction-level advisory lock
-- keyed by this table) before it reads the closures, and keeps it until its transaction ends;
-- close_period and reopen_period take it exclusively. A close therefore waits for the postings in
-- flight, and a posting that starts after a close committed sees it.

CREATE TABLE period_closures (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    through           date        NOT NULL,
    closed_at         timestamptz NOT NULL,
    metadata          jsonb       NOT NULL DEFAULT '{}',
    reopened_at       timestamptz,
    reopened_metadata jsonb       NOT NULL DEFAULT '{}',
    -- What the database itself saw: when and by which role the closure and its reopening were
    -- recorded, whatever the caller said.
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    recorded_by       text        NOT NULL DEFAULT session_user,
    reopen_recorded_at timestamptz,
    reopen_recorded_by text,
    CONSTRAINT period_closures_through_range CHECK (through BETWEEN DATE '0001-01-01' AND DATE '9999-12-31')
);

-- period_lock_key() RETURNS integer: the second half of the period lock's key (the first is a
-- constant of the ledger's): this schema's table, so that two ledgers in one database do not share
-- it. plpgsql, as the two functions below, so that their statements are planned once per session.
CREATE FUNCTION period_lock_key() RETURNS integer
    LANGUAGE plpgsql
    STABLE
    SET search_path FROM CURRENT
AS $$
BEGIN
    RETURN CAST(CAST(CAST(CAST('period_closures' AS regclass) AS oid) AS bigint) % 2147483647 AS integer);
END
$$;

-- closed_through() RETURNS date: the latest standing closure's date, or null, read after the
-- period lock is taken shared (for the rest of the transaction). VOLATILE, so that its read takes
-- a snapshot of its own, after the lock was granted: it sees every close committed before.
CREATE FUNCTION closed_through() RETURNS date
    LANGUAGE plpgsql
    VOLATILE
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_through date;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1818584142, period_lock_key());
    SELECT c.through INTO v_through FROM period_closures c WHERE c.reopened_at IS NULL ORDER BY c.id DESC LIMIT 1;
    RETURN v_through;
END
$$;

-- The triggers: transactions created, or settled, with a value date in a closed period are refused.
CREATE FUNCTION check_open_period() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_through date;
BEGIN
    -- Under REPEATABLE READ or SERIALIZABLE the closures would be read in a snapshot taken before
    -- the lock was granted, and a close committed meanwhile would go unseen.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'transactions are written in READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'LG004',
                  HINT = 'Leave the ledger''s connections at PostgreSQL''s default isolation level.';
    END IF;
    -- closed_through(), written out: one call fewer on every posting.
    PERFORM pg_advisory_xact_lock_shared(1818584142,
        CAST(CAST(CAST(CAST('period_closures' AS regclass) AS oid) AS bigint) % 2147483647 AS integer));
    SELECT c.through INTO v_through FROM period_closures c WHERE c.reopened_at IS NULL ORDER BY c.id DESC LIMIT 1;
    IF v_through IS NOT NULL AND EXISTS (SELECT 1 FROM written w WHERE w.effective_date <= v_through) THEN
        RAISE EXCEPTION 'a transaction dated on or before % is in a closed period: the ledger is closed through %',
            v_through, v_through
            USING ERRCODE = 'LG003',
                  HINT = 'Plan the batch again: the posting in the closed period is refused.';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER transactions_open_period_created
    AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT
    EXECUTE FUNCTION check_open_period();

CREATE TRIGGER transactions_open_period_settled
    AFTER UPDATE ON transactions
    REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT
    EXECUTE FUNCTION check_open_period();

-- close_period(p_through date, p_at timestamptz, p_metadata jsonb) RETURNS bigint: records a
-- closure after the standing one (SQLSTATE 22023 otherwise) and returns its id.
CREATE FUNCTION close_period(p_through date, p_at timestamptz, p_metadata jsonb) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_standing date;
    v_id       bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(1818584142, period_lock_key());
    v_standing := closed_through();
    IF p_through IS NULL OR p_at IS NULL OR jsonb_typeof(p_metadata) IS DISTINCT FROM 'object'
        OR (v_standing IS NOT NULL AND p_through <= v_standing) THEN
        RAISE EXCEPTION 'close_period: % is not after the date the ledger is closed through (%)', p_through, v_standing
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO period_closures (through, closed_at, metadata)
    VALUES (p_through, p_at, p_metadata)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- reopen_period(p_through date, p_at timestamptz, p_metadata jsonb) RETURNS bigint: reopens the
-- latest standing closure, which must be through p_through (SQLSTATE 22023 otherwise), recording
-- who and why (a non-empty p_metadata), and returns its id.
CREATE FUNCTION reopen_period(p_through date, p_at timestamptz, p_metadata jsonb) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_id      bigint;
    v_through date;
BEGIN
    PERFORM pg_advisory_xact_lock(1818584142, period_lock_key());
    SELECT c.id, c.through INTO v_id, v_through
      FROM period_closures c WHERE c.reopened_at IS NULL ORDER BY c.id DESC LIMIT 1;
    IF v_id IS NULL OR p_through IS DISTINCT FROM v_through OR p_at IS NULL
        OR jsonb_typeof(p_metadata) IS DISTINCT FROM 'object' OR p_metadata = '{}'::jsonb THEN
        RAISE EXCEPTION 'reopen_period: only the latest standing closure (%) may be reopened, with who and why', v_through
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE period_closures
       SET reopened_at = p_at, reopened_metadata = p_metadata, reopen_recorded_at = now(),
           reopen_recorded_by = session_user
     WHERE id = v_id;
    RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION close_period(date, timestamptz, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION reopen_period(date, timestamptz, jsonb) FROM PUBLIC;

-- Every role that may post (execute post_batch) may read the closures, which its postings read,
-- and close and reopen periods, as PostgresLedgerSchema.runtimeGrants grants.
DO $$
DECLARE
    v_role text;
BEGIN
    FOR v_role IN
        SELECT DISTINCT r.rolname
          FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
          CROSS JOIN LATERAL aclexplode(p.proacl) AS acl
          JOIN pg_roles r ON r.oid = acl.grantee
         WHERE p.proname = 'post_batch' AND n.nspname = current_schema() AND acl.privilege_type = 'EXECUTE'
           AND acl.grantee <> p.proowner
    LOOP
        EXECUTE format('GRANT SELECT ON period_closures TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION close_period(date, timestamptz, jsonb) TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION reopen_period(date, timestamptz, jsonb) TO %I', v_role);
    END LOOP;
END
$$;
