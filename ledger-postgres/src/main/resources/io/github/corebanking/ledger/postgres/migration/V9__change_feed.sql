-- Core Banking Ledger, PostgreSQL schema version 9: the change feed.
--
-- Every committed transaction and every status change (a hold committed or voided, a transaction
-- reversed) gets a position in the feed, read in order by changes(after, limit). A position handed
-- out inside the writer's transaction (a sequence) could become visible after a higher one that
-- committed first, and a reader that had moved past it would skip it for good. So writers only
-- queue their changes (change_queue, numbered by a sequence in the order they were written), and
-- positions are given out afterwards, by sequence_changes(), to queued changes that have committed:
-- one sequencer at a time (the change_feed row is its lock), in queue order, in the same database
-- transaction that moves them into changes. A reader therefore sees positions only once every
-- lower one is visible, and a change that depends on another (a commit of a hold, a reversal) was
-- queued after it and is never placed before it.

-- The feed's one row: the last position given out, and the last one pruned by retention.
CREATE TABLE change_feed (
    id            boolean NOT NULL DEFAULT true,
    last_position bigint  NOT NULL DEFAULT 0,
    pruned_through bigint NOT NULL DEFAULT 0,
    CONSTRAINT change_feed_pkey PRIMARY KEY (id),
    CONSTRAINT change_feed_one_row CHECK (id),
    CONSTRAINT change_feed_positions_check CHECK (0 <= pruned_through AND pruned_through <= last_position)
);

INSERT INTO change_feed (id) VALUES (true);

-- Changes written and not yet given a position; drained by sequence_changes().
CREATE SEQUENCE change_queue_seq;

CREATE TABLE change_queue (
    id             bigint      NOT NULL DEFAULT nextval('change_queue_seq'),
    kind           text        NOT NULL,
    transaction_id uuid        NOT NULL,
    status         text        NOT NULL,
    at             timestamptz NOT NULL,
    CONSTRAINT change_queue_pkey PRIMARY KEY (id)
);

ALTER SEQUENCE change_queue_seq OWNED BY change_queue.id;

-- The feed: dense positions from 1, in the order changes were queued among those committed when
-- they were sequenced.
CREATE TABLE changes (
    position       bigint      NOT NULL,
    kind           text        NOT NULL,
    transaction_id uuid        NOT NULL,
    status         text        NOT NULL,
    at             timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    CONSTRAINT changes_pkey PRIMARY KEY (position),
    CONSTRAINT changes_kind_check CHECK (kind IN ('BOOKED', 'COMMITTED', 'VOIDED', 'REVERSED')),
    CONSTRAINT changes_status_check CHECK (status IN ('PENDING', 'POSTED', 'VOIDED'))
);

-- Retention prunes by age.
CREATE INDEX changes_recorded_idx ON changes (recorded_at);

-- The queue is written by triggers that run with their owner's rights, so that no role that posts
-- can write, edit or delete a change of its own. Within a statement: new transactions in the order
-- inserted, then the originals they reverse, and settled holds by settling instant and id (the order
-- BatchPlan.changes() gives every store).
CREATE FUNCTION queue_booked_changes() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
BEGIN
    INSERT INTO change_queue (kind, transaction_id, status, at)
    SELECT c.kind, c.transaction_id, c.status, c.at
      FROM (SELECT 0 AS phase, n.rn, 'BOOKED' AS kind, n.id AS transaction_id, n.status, n.posted_at AS at
              FROM (SELECT r.*, row_number() OVER () AS rn FROM new_rows r) AS n
            UNION ALL
            SELECT 1, n.rn, 'REVERSED', n.reverses, 'POSTED', n.posted_at
              FROM (SELECT r.*, row_number() OVER () AS rn FROM new_rows r) AS n
             WHERE n.reverses IS NOT NULL) AS c
     ORDER BY c.phase, c.rn;
    RETURN NULL;
END
$$;

CREATE FUNCTION queue_settled_changes() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
BEGIN
    INSERT INTO change_queue (kind, transaction_id, status, at)
    SELECT CASE WHEN n.status = 'POSTED' THEN 'COMMITTED' ELSE 'VOIDED' END, n.id, n.status,
           coalesce(n.settled_at, n.posted_at)
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
     WHERE o.status = 'PENDING' AND n.status IN ('POSTED', 'VOIDED')
     ORDER BY coalesce(n.settled_at, n.posted_at), n.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER transactions_queue_booked
    AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION queue_booked_changes();

CREATE TRIGGER transactions_queue_settled
    AFTER UPDATE ON transactions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION queue_settled_changes();

-- The transactions already stored when the feed starts are its first positions, in booking order.
LOCK TABLE transactions IN SHARE MODE;

INSERT INTO change_queue (kind, transaction_id, status, at)
SELECT c.kind, c.transaction_id, c.status, c.at
  FROM (SELECT t.posted_at AS sort_at, 0 AS phase, t.id AS sort_id, 'BOOKED' AS kind, t.id AS transaction_id,
               CASE WHEN t.settled_at IS NULL THEN t.status ELSE 'PENDING' END AS status, t.posted_at AS at
          FROM transactions t
        UNION ALL
        SELECT t.posted_at, 1, t.id, 'REVERSED', t.reverses, 'POSTED', t.posted_at
          FROM transactions t
         WHERE t.reverses IS NOT NULL
        UNION ALL
        SELECT t.settled_at, 2, t.id, CASE WHEN t.status = 'POSTED' THEN 'COMMITTED' ELSE 'VOIDED' END, t.id,
               t.status, t.settled_at
          FROM transactions t
         WHERE t.settled_at IS NOT NULL) AS c
 ORDER BY c.sort_at, c.phase, c.sort_id;

-- Gives positions to up to p_limit queued changes that have committed, in queue order, and moves
-- them into changes; returns how many. Sequencers queue behind one another on the change_feed row,
-- and each statement after that lock reads what has committed by then (READ COMMITTED).
CREATE FUNCTION sequence_changes(p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_last  bigint;
    v_moved integer;
BEGIN
    IF p_limit IS NULL OR p_limit < 1 THEN
        RAISE EXCEPTION 'sequence_changes: p_limit must be at least 1, was %', p_limit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT last_position INTO v_last FROM change_feed WHERE id FOR UPDATE;
    WITH picked AS (
        SELECT q.id FROM change_queue q ORDER BY q.id LIMIT p_limit
    ), moved AS (
        DELETE FROM change_queue q USING picked p WHERE q.id = p.id
        RETURNING q.id, q.kind, q.transaction_id, q.status, q.at
    )
    INSERT INTO changes (position, kind, transaction_id, status, at, recorded_at)
    SELECT v_last + row_number() OVER (ORDER BY m.id), m.kind, m.transaction_id, m.status, m.at, now()
      FROM moved m;
    GET DIAGNOSTICS v_moved = ROW_COUNT;
    IF v_moved > 0 THEN
        UPDATE change_feed SET last_position = last_position + v_moved WHERE id;
    END IF;
    RETURN v_moved;
END
$$;

-- Retention: deletes up to p_limit of the oldest changes recorded before p_before and at or before
-- p_through (a position every consumer has passed); returns how many. Runs with its owner's rights:
-- no role may delete from the feed directly, and what is pruned is always its oldest part.
CREATE FUNCTION prune_changes(p_before timestamptz, p_through bigint, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_through bigint;
    v_deleted integer;
BEGIN
    IF p_limit IS NULL OR p_limit < 1 THEN
        RAISE EXCEPTION 'prune_changes: p_limit must be at least 1, was %', p_limit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM 1 FROM change_feed WHERE id FOR UPDATE;
    WITH doomed AS (
        SELECT c.position FROM changes c
         WHERE c.recorded_at < p_before AND c.position <= p_through
         ORDER BY c.position
         LIMIT p_limit
    ), deleted AS (
        DELETE FROM changes c USING doomed d WHERE c.position = d.position RETURNING c.position
    )
    SELECT count(*), max(position) INTO v_deleted, v_through FROM deleted;
    IF v_deleted > 0 THEN
        -- Positions are pruned oldest first, so everything up to the highest deleted one is gone.
        UPDATE change_feed SET pruned_through = greatest(pruned_through, v_through) WHERE id;
    END IF;
    RETURN v_deleted;
END
$$;

-- The feed is append-only for everyone but the functions above.
CREATE FUNCTION reject_change_edit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'the change feed is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER changes_no_update
    BEFORE UPDATE ON changes
    FOR EACH ROW EXECUTE FUNCTION reject_change_edit();

CREATE TRIGGER changes_no_truncate
    BEFORE TRUNCATE ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change_edit();

REVOKE ALL ON FUNCTION queue_booked_changes() FROM PUBLIC;
REVOKE ALL ON FUNCTION queue_settled_changes() FROM PUBLIC;
REVOKE ALL ON FUNCTION sequence_changes(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION prune_changes(timestamptz, bigint, integer) FROM PUBLIC;

-- Every role that may post (execute post_batch) may read the feed, sequence it and prune it (the
-- retention job runs as that role, as the snapshot jobs do), as PostgresLedgerSchema.runtimeGrants
-- grants.
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
        EXECUTE format('GRANT SELECT ON changes, change_feed TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION sequence_changes(integer) TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION prune_changes(timestamptz, bigint, integer) TO %I', v_role);
    END LOOP;
END
$$;
