-- Core Banking Ledger, PostgreSQL schema version 8: importing history.
--
-- history_import is one row: where the ledger's history import stands (the booking instant of the
-- latest imported posting, how many were imported) and since when the ledger is live (the first
-- live posting ends the import for good). An import batch, in one database transaction:
--   1. locks its keys and accounts and reads them (batchPrepare, as any batch);
--   2. lock_history_import(): locks the row and reads it; the batch is planned against it;
--   3. record_import(): checks the plan against the row again, takes the snapshot lock, deletes
--      the batch's accounts' snapshots and checkpoints from the batch's first booking instant on
--      (they were computed without the imported entries), and moves the row on;
--   4. post_batch, as any batch, and commits.
-- Until a process has seen a live batch commit, each of its live batches reads the row through
-- lock_history_import() after its locks (it refuses a posting booked at or before the latest
-- imported one) and calls mark_live() before it writes, so an import and a first live posting
-- order on the row and cannot interleave; and
-- DailyBalanceSnapshotJob takes the snapshot lock (lock_balance_snapshots) for each day, so no
-- snapshot computed before an import committed is written after its repair.

CREATE TABLE history_import (
    id             boolean     NOT NULL DEFAULT true,
    booked_through timestamptz,
    imported       bigint      NOT NULL DEFAULT 0,
    live_since     timestamptz,
    CONSTRAINT history_import_pkey PRIMARY KEY (id),
    CONSTRAINT history_import_one_row CHECK (id),
    CONSTRAINT history_import_imported_check CHECK (imported >= 0)
);

-- A ledger that holds transactions already is live: nothing is imported into it. The lock holds
-- back postings of nodes of the previous release until this script commits.
LOCK TABLE transactions IN SHARE MODE;
INSERT INTO history_import (id, live_since) SELECT true, min(posted_at) FROM transactions;

-- The snapshot lock: record_import holds it while it repairs snapshots, DailyBalanceSnapshotJob
-- while it writes a day's. A transaction-level advisory lock, keyed like the period lock.
CREATE FUNCTION lock_balance_snapshots() RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1818584142,
        CAST(CAST(CAST(CAST('balance_snapshots' AS regclass) AS oid) AS bigint) % 2147483647 AS integer));
END
$$;

-- lock_history_import(): locks the row until the transaction ends and returns it.
CREATE FUNCTION lock_history_import(OUT booked_through timestamptz, OUT live boolean)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
BEGIN
    SELECT h.booked_through, h.live_since IS NOT NULL INTO booked_through, live
      FROM history_import h WHERE h.id FOR UPDATE;
END
$$;

-- record_import(p_first, p_last, p_count, p_accounts): an import batch of p_count new postings
-- booked from p_first to p_last on p_accounts. Refuses it when the ledger is live (LG005) or
-- p_first is not after the latest imported posting (LG006), which the planner checked already
-- against the row this transaction holds locked: a second guard, for every caller.
CREATE FUNCTION record_import(p_first timestamptz, p_last timestamptz, p_count bigint, p_accounts uuid[])
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_through timestamptz;
    v_live    timestamptz;
BEGIN
    IF p_first IS NULL OR p_last IS NULL OR p_count IS NULL OR p_accounts IS NULL OR p_first > p_last
        OR p_count < 1 OR NOT isfinite(p_first) OR NOT isfinite(p_last) THEN
        RAISE EXCEPTION 'record_import needs finite instants in order, at least one posting and its accounts'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT h.booked_through, h.live_since INTO v_through, v_live FROM history_import h WHERE h.id FOR UPDATE;
    IF v_live IS NOT NULL THEN
        RAISE EXCEPTION 'history cannot be imported: the ledger is live since %', v_live
            USING ERRCODE = 'LG005';
    END IF;
    IF v_through IS NOT NULL AND p_first <= v_through THEN
        RAISE EXCEPTION 'imported booking instant % is not after %, the latest imported', p_first, v_through
            USING ERRCODE = 'LG006';
    END IF;
    PERFORM lock_balance_snapshots();
    DELETE FROM balance_checkpoints c WHERE c.account_id = ANY (p_accounts) AND c.as_of >= p_first;
    DELETE FROM balance_snapshots s WHERE s.account_id = ANY (p_accounts) AND s.as_of >= p_first;
    UPDATE history_import SET booked_through = p_last, imported = imported + p_count WHERE id;
END
$$;

-- mark_live(p_at): the ledger is live from p_at on, unless it already was.
CREATE FUNCTION mark_live(p_at timestamptz) RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
BEGIN
    UPDATE history_import SET live_since = p_at WHERE id AND live_since IS NULL;
END
$$;

REVOKE ALL ON FUNCTION lock_history_import() FROM PUBLIC;
REVOKE ALL ON FUNCTION record_import(timestamptz, timestamptz, bigint, uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION mark_live(timestamptz) FROM PUBLIC;

-- Every role that may post (execute post_batch) may import and read where the import stands, as
-- PostgresLedgerSchema.runtimeGrants grants.
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
        EXECUTE format('GRANT SELECT ON history_import TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION lock_history_import() TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION record_import(timestamptz, timestamptz, bigint, uuid[]) TO %I',
            v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION mark_live(timestamptz) TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION lock_balance_snapshots() TO %I', v_role);
    END LOOP;
END
$$;
