-- Core Banking Ledger, PostgreSQL schema version 12: balance monitors.
--
-- A monitor is a condition on an account's balance, or on a category's (the accounts of its
-- subtree summed in one currency): a measure, a comparison, a threshold in minor units of the
-- account's currency, or of the currency a category monitor names. The BalanceMonitorJob evaluates monitors from the change feed,
-- off the posting path, and records each evaluation through record_monitor_evaluation(): the
-- monitors' states, the alerts that fired and the evaluator's cursor, in one transaction, refused
-- when another evaluation was recorded since the one it started from (its round). The evaluator's
-- row is the lock that orders evaluations, so alert positions are dense and never become visible
-- out of order. The runtime role defines monitors (INSERT of the definition's columns only) and
-- reads everything; states, the cursor and alerts are written only by the functions below, and
-- alerts are never updated or deleted, by anyone. A monitor's category must exist when it is
-- defined, and a category a defined monitor watches cannot be deleted: both under the category
-- lock, for every role (a trigger on each table).

CREATE TABLE balance_monitors (
    id             uuid        NOT NULL,
    name           text        NOT NULL,
    -- The target: an account, or a category (with the currency its threshold is in).
    account_id     uuid,
    category_id    uuid,
    currency       text,
    currency_scale integer,
    measure        text        NOT NULL,
    comparison     text        NOT NULL,
    threshold      bigint      NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL,
    removed_at     timestamptz,
    -- The evaluator's state: null until the monitor's first evaluation.
    firing         boolean,
    seen_version   bigint,
    evaluated_at   timestamptz,
    CONSTRAINT balance_monitors_pkey PRIMARY KEY (id),
    CONSTRAINT balance_monitors_account_fkey FOREIGN KEY (account_id) REFERENCES accounts (id),
    CONSTRAINT balance_monitors_target_check
        CHECK ((account_id IS NULL) <> (category_id IS NULL)
               AND (category_id IS NULL) = (currency IS NULL) AND (currency IS NULL) = (currency_scale IS NULL)),
    CONSTRAINT balance_monitors_scale_check CHECK (currency_scale BETWEEN 0 AND 18),
    CONSTRAINT balance_monitors_measure_check CHECK (measure IN ('POSTED', 'PENDING', 'AVAILABLE')),
    CONSTRAINT balance_monitors_comparison_check
        CHECK (comparison IN ('LESS_THAN', 'AT_MOST', 'GREATER_THAN', 'AT_LEAST')),
    CONSTRAINT balance_monitors_state_check
        CHECK ((firing IS NULL) = (seen_version IS NULL) AND (firing IS NULL) = (evaluated_at IS NULL))
);

-- A name is unique among the monitors not removed.
CREATE UNIQUE INDEX balance_monitors_name_key ON balance_monitors (name) WHERE removed_at IS NULL;
-- The evaluator finds the monitors of the accounts a page of changes touched.
CREATE INDEX balance_monitors_account_idx ON balance_monitors (account_id) WHERE removed_at IS NULL;
-- ... and those of the categories holding them.
CREATE INDEX balance_monitors_category_idx ON balance_monitors (category_id)
    WHERE removed_at IS NULL AND category_id IS NOT NULL;

-- The evaluator's one row: the change-feed position evaluated through, the evaluations recorded
-- (round), and the last alert position given out.
CREATE TABLE monitor_evaluator (
    id         boolean NOT NULL DEFAULT true,
    position   bigint  NOT NULL DEFAULT 0,
    round      bigint  NOT NULL DEFAULT 0,
    last_alert bigint  NOT NULL DEFAULT 0,
    CONSTRAINT monitor_evaluator_pkey PRIMARY KEY (id),
    CONSTRAINT monitor_evaluator_one_row CHECK (id),
    CONSTRAINT monitor_evaluator_counts_check CHECK (position >= 0 AND round >= 0 AND last_alert >= 0)
);

INSERT INTO monitor_evaluator (id) VALUES (true);

-- The alert feed: dense positions from 1, in the order evaluations recorded them.
CREATE TABLE monitor_alerts (
    position        bigint      NOT NULL,
    monitor_id      uuid        NOT NULL,
    value           bigint      NOT NULL,
    account_version bigint      NOT NULL,
    change_position bigint      NOT NULL,
    fired_at        timestamptz NOT NULL,
    round           bigint      NOT NULL,
    CONSTRAINT monitor_alerts_pkey PRIMARY KEY (position),
    CONSTRAINT monitor_alerts_monitor_fkey FOREIGN KEY (monitor_id) REFERENCES balance_monitors (id)
);

-- The alerts of one evaluation, read back by the evaluator that recorded it.
CREATE INDEX monitor_alerts_round_idx ON monitor_alerts (round);

-- Records one evaluation; returns its round, or null when another evaluation was recorded since
-- p_round (nothing is written then). States and alerts of monitors removed meanwhile are left out.
-- Runs with its owner's rights: no role may set a state, move the cursor or write an alert directly.
CREATE FUNCTION record_monitor_evaluation(p_round bigint, p_position bigint, p_state_ids uuid[],
        p_firing boolean[], p_versions bigint[], p_evaluated_at text[], p_alert_ids uuid[], p_values bigint[],
        p_alert_versions bigint[], p_change_positions bigint[], p_fired_at text[]) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_evaluator monitor_evaluator%ROWTYPE;
    v_added     integer;
BEGIN
    IF p_round IS NULL OR p_position IS NULL THEN
        RAISE EXCEPTION 'record_monitor_evaluation: p_round and p_position must not be null'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(cardinality(p_state_ids), 0) <> coalesce(cardinality(p_firing), 0)
       OR coalesce(cardinality(p_state_ids), 0) <> coalesce(cardinality(p_versions), 0)
       OR coalesce(cardinality(p_state_ids), 0) <> coalesce(cardinality(p_evaluated_at), 0)
       OR coalesce(cardinality(p_alert_ids), 0) <> coalesce(cardinality(p_values), 0)
       OR coalesce(cardinality(p_alert_ids), 0) <> coalesce(cardinality(p_alert_versions), 0)
       OR coalesce(cardinality(p_alert_ids), 0) <> coalesce(cardinality(p_change_positions), 0)
       OR coalesce(cardinality(p_alert_ids), 0) <> coalesce(cardinality(p_fired_at), 0) THEN
        RAISE EXCEPTION 'record_monitor_evaluation: the arrays of states and of alerts must have equal lengths'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_evaluator FROM monitor_evaluator WHERE id FOR UPDATE;
    IF v_evaluator.round <> p_round THEN
        RETURN NULL;
    END IF;
    IF p_position < v_evaluator.position THEN
        RAISE EXCEPTION 'record_monitor_evaluation: position % is before the cursor''s position %',
            p_position, v_evaluator.position USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE balance_monitors m
       SET firing = s.firing, seen_version = s.version, evaluated_at = CAST(s.at AS timestamptz)
      FROM unnest(p_state_ids, p_firing, p_versions, p_evaluated_at) AS s (id, firing, version, at)
     WHERE m.id = s.id AND m.removed_at IS NULL;
    INSERT INTO monitor_alerts (position, monitor_id, value, account_version, change_position, fired_at, round)
    SELECT v_evaluator.last_alert + row_number() OVER (ORDER BY a.ord), a.id, a.value, a.version, a.change,
           CAST(a.at AS timestamptz), p_round + 1
      FROM unnest(p_alert_ids, p_values, p_alert_versions, p_change_positions, p_fired_at)
           WITH ORDINALITY AS a (id, value, version, change, at, ord)
      JOIN balance_monitors m ON m.id = a.id AND m.removed_at IS NULL;
    GET DIAGNOSTICS v_added = ROW_COUNT;
    UPDATE monitor_evaluator
       SET position = p_position, round = round + 1, last_alert = last_alert + v_added
     WHERE id;
    RETURN p_round + 1;
END
$$;

-- Removes a monitor (it keeps its row, which its alerts name); returns whether one was removed.
CREATE FUNCTION remove_monitor(p_id uuid, p_at timestamptz) RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
BEGIN
    UPDATE balance_monitors SET removed_at = p_at WHERE id = p_id AND removed_at IS NULL;
    RETURN FOUND;
END
$$;

-- Alerts are append-only for everyone; a monitor's definition never changes, only its removal and
-- its state (written by the functions above).
CREATE FUNCTION reject_alert_edit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'the alert feed is append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER monitor_alerts_no_update
    BEFORE UPDATE OR DELETE ON monitor_alerts
    FOR EACH ROW EXECUTE FUNCTION reject_alert_edit();

CREATE TRIGGER monitor_alerts_no_truncate
    BEFORE TRUNCATE ON monitor_alerts
    FOR EACH STATEMENT EXECUTE FUNCTION reject_alert_edit();

CREATE FUNCTION reject_monitor_redefinition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF (NEW.id, NEW.name, NEW.account_id, NEW.category_id, NEW.currency, NEW.currency_scale, NEW.measure,
        NEW.comparison, NEW.threshold, NEW.metadata, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.name, OLD.account_id, OLD.category_id, OLD.currency, OLD.currency_scale, OLD.measure,
        OLD.comparison, OLD.threshold, OLD.metadata, OLD.created_at)
       OR (OLD.removed_at IS NOT NULL AND NEW.removed_at IS DISTINCT FROM OLD.removed_at) THEN
        RAISE EXCEPTION 'a balance monitor''s definition never changes, nor is a removal undone (monitor %)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER balance_monitors_no_redefinition
    BEFORE UPDATE ON balance_monitors
    FOR EACH ROW EXECUTE FUNCTION reject_monitor_redefinition();

-- A category monitor's category exists, and a watched category stays: both under the category lock
-- (V11's lock_categories()), which every category write takes too.
CREATE FUNCTION check_monitor_category() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.category_id IS NOT NULL THEN
        PERFORM lock_categories();
        IF NOT EXISTS (SELECT 1 FROM categories WHERE id = NEW.category_id) THEN
            RAISE EXCEPTION 'balance monitor %: category % does not exist', NEW.name, NEW.category_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER balance_monitors_category_exists
    BEFORE INSERT ON balance_monitors
    FOR EACH ROW EXECUTE FUNCTION check_monitor_category();

CREATE FUNCTION reject_watched_category_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM lock_categories();
    IF EXISTS (SELECT 1 FROM balance_monitors WHERE category_id = OLD.id AND removed_at IS NULL) THEN
        RAISE EXCEPTION 'category % is watched by a balance monitor: remove the monitor first', OLD.code
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER categories_watched_no_delete
    BEFORE DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION reject_watched_category_delete();

REVOKE ALL ON FUNCTION record_monitor_evaluation(bigint, bigint, uuid[], boolean[], bigint[], text[], uuid[],
    bigint[], bigint[], bigint[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION remove_monitor(uuid, timestamptz) FROM PUBLIC;

-- Every role that may post (execute post_batch) may define, read and evaluate monitors, as
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
        EXECUTE format('GRANT SELECT ON balance_monitors, monitor_evaluator, monitor_alerts TO %I', v_role);
        EXECUTE format('GRANT INSERT (id, name, account_id, category_id, currency, currency_scale, measure, '
            'comparison, threshold, metadata, created_at) ON balance_monitors TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION record_monitor_evaluation(bigint, bigint, uuid[], boolean[], '
            'bigint[], text[], uuid[], bigint[], bigint[], bigint[], text[]) TO %I', v_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION remove_monitor(uuid, timestamptz) TO %I', v_role);
    END LOOP;
END
$$;
