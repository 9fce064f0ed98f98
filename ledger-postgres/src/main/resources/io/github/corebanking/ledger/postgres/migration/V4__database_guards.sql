-- Core Banking Ledger, PostgreSQL schema version 4: the database refuses what a runtime role
-- must not do, so that a compromised application credential cannot make the books disagree with
-- their entries.
--
-- With the grants of PostgresLedgerSchema.runtimeGrants the runtime role writes the ledger's
-- tables only through the functions below, which run with their owner's rights (SECURITY
-- DEFINER, search_path pinned) and check what they are asked to write:
--   apply_batch          every posting: transactions, settled holds, entries and the counters
--                        they move, checked to agree with one another before anything commits;
--   snapshot_day,        balance snapshots and intra-day checkpoints, computed here from the
--   checkpoint_day       entries (a caller names the day, never the amounts);
--   recalculate_counters an account's counters set to what its entries add up to.
-- Directly, the runtime role may only open accounts (without counters: they start at zero),
-- change an account's status, and delete snapshots, checkpoints and job runs. The triggers below
-- hold for every role: an account's id, code, type, currency and creation instant never change,
-- and a CLOSED account is never reopened.

-- 1. Accounts: a definition that never changes, a status that never leaves CLOSED.
CREATE FUNCTION check_account_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.code IS DISTINCT FROM OLD.code OR NEW.type IS DISTINCT FROM OLD.type
        OR NEW.currency IS DISTINCT FROM OLD.currency OR NEW.currency_scale IS DISTINCT FROM OLD.currency_scale
        OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'account % (%): its id, code, type, currency and creation instant never change', OLD.id, OLD.code
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Open a new account instead.';
    END IF;
    IF OLD.status = 'CLOSED' AND NEW.status IS DISTINCT FROM 'CLOSED' THEN
        RAISE EXCEPTION 'account % (%) is CLOSED and cannot become %', OLD.id, OLD.code, NEW.status
            USING ERRCODE = 'restrict_violation',
                  HINT = 'A closed account is never reopened.';
    END IF;
    RETURN NEW;
END
$$;

-- The WHEN clause is evaluated without calling the function: a posting's counter update does not
-- pay for it.
CREATE TRIGGER accounts_guard
    BEFORE UPDATE ON accounts
    FOR EACH ROW
    WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.code IS DISTINCT FROM OLD.code OR NEW.type IS DISTINCT FROM OLD.type
          OR NEW.currency IS DISTINCT FROM OLD.currency OR NEW.currency_scale IS DISTINCT FROM OLD.currency_scale
          OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.status IS DISTINCT FROM OLD.status)
    EXECUTE FUNCTION check_account_change();

-- 2. apply_batch: one posting batch, written and checked.
--
-- The arrays are parallel within each group: the accounts (ids ascending: the final counters and
-- version the writer planned, and the state it planned on), the transactions created, the holds
-- settled, and the entries booked. The accounts are updated first (so rows are locked in id
-- order), with account_changed (SQLSTATE LG001) when a row is not in the state planned on. Then
-- the rows are inserted and the batch is checked; any disagreement raises SQLSTATE LG002 and the
-- whole database transaction is abandoned:
--   - every entry belongs to a transaction of the batch (created, or a hold committed in it), is
--     in its account's currency, and the entries of each transaction balance per currency;
--   - a created transaction is POSTED with posted entries or PENDING with pending ones; a hold
--     committed (POSTED) gets posted entries in the batch, a hold voided gets none;
--   - each account's counters move by exactly its entries in the batch, less the pending amounts
--     of the holds settled in it, and its version by the number of transactions touching it;
--   - each entry's balance_after is its account's posted balance (normal side) after it, and its
--     account_version lies within the versions the batch gives the account.
CREATE FUNCTION apply_batch(
    a_id uuid[], a_pd bigint[], a_pc bigint[], a_qd bigint[], a_qc bigint[], a_ver bigint[],
    a_es text[], a_epd bigint[], a_epc bigint[], a_eqd bigint[], a_eqc bigint[], a_ev bigint[],
    t_id uuid[], t_key text[], t_hash text[], t_desc text[], t_date date[], t_at timestamptz[], t_status text[],
    t_meta text[], t_exp timestamptz[], t_rev uuid[],
    s_id uuid[], s_status text[], s_at timestamptz[],
    e_id uuid[], e_tx uuid[], e_ord integer[], e_acc uuid[], e_side text[], e_amount bigint[], e_cur text[],
    e_scale smallint[], e_pending boolean[], e_at timestamptz[], e_after bigint[], e_ver bigint[])
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
    -- Its statements are planned once per session, not on every call.
    SET plan_cache_mode TO force_generic_plan
AS $$
DECLARE
    n_a        integer := coalesce(cardinality(a_id), 0);
    n_e        integer := coalesce(cardinality(e_id), 0);
    v_rows     bigint;
    v_posted_s bigint := 0;
    -- Per account, in the order of a_id: currency, scale, normal side, and what the batch moves.
    v_cur      text[];
    v_scale    smallint[];
    v_dn       boolean[];
    d_pd       bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    d_pc       bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    d_qd       bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    d_qc       bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    v_run      bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    v_cnt      bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    v_last_tx  uuid[] := array_fill(NULL::uuid, ARRAY[n_a]);
    v_last_ver bigint[];
    -- The transaction whose entries are being read, and those already read.
    v_tx       uuid;
    v_status   text;
    v_settled  boolean;
    v_seen     uuid[] := '{}';
    v_tx_cur   text[];
    v_tx_sum   bigint[];
    v_pairs    text[] := '{}';
    v_pair     text;
    v_held     record;
    v_p        integer;
    v_q        integer;
    v_signed   bigint;
BEGIN
    -- Accounts first, in id order: the row locks, the state planned on (or LG001), the new counters.
    WITH u AS (
        UPDATE accounts AS a
           SET posted_debits = v.pd, posted_credits = v.pc, pending_debits = v.qd, pending_credits = v.qc,
               version = CASE
                             WHEN a.version = v.ev AND a.status = v.es
                                  AND a.posted_debits = v.epd AND a.posted_credits = v.epc
                                  AND a.pending_debits = v.eqd AND a.pending_credits = v.eqc
                             THEN v.ver
                             ELSE account_changed(a.id, a.version, v.ev)
                         END
          FROM unnest(a_id, a_pd, a_pc, a_qd, a_qc, a_ver, a_es, a_epd, a_epc, a_eqd, a_eqc, a_ev)
               AS v(id, pd, pc, qd, qc, ver, es, epd, epc, eqd, eqc, ev)
         WHERE a.id = v.id
        RETURNING a.id, a.currency, a.currency_scale, a.type
    )
    SELECT count(*), array_agg(u.currency ORDER BY array_position(a_id, u.id)),
           array_agg(u.currency_scale ORDER BY array_position(a_id, u.id)),
           array_agg(u.type IN ('ASSET', 'EXPENSE') ORDER BY array_position(a_id, u.id))
      INTO v_rows, v_cur, v_scale, v_dn
      FROM u;
    -- An id named twice updates its row once, so the count also catches duplicates.
    IF v_rows <> n_a THEN
        RAISE EXCEPTION 'a posting batch names % accounts of which % exist once', n_a, v_rows
            USING ERRCODE = 'LG002';
    END IF;
    v_last_ver := a_ev;
    FOR v_p IN 1 .. n_a LOOP
        v_run[v_p] := CASE WHEN v_dn[v_p] THEN a_epd[v_p] - a_epc[v_p] ELSE a_epc[v_p] - a_epd[v_p] END;
    END LOOP;

    IF cardinality(t_id) > 0 THEN
        INSERT INTO transactions
               (id, idempotency_key, request_hash, description, effective_date, posted_at, status, metadata,
                expires_at, reverses)
        SELECT v.id, v.k, v.h, v.d, v.ed, v.pa, v.st, v.md::jsonb, v.ex, v.rv
          FROM unnest(t_id, t_key, t_hash, t_desc, t_date, t_at, t_status, t_meta, t_exp, t_rev)
               AS v(id, k, h, d, ed, pa, st, md, ex, rv);
    END IF;

    IF cardinality(s_id) > 0 THEN
        UPDATE transactions AS t
           SET status = v.st, settled_at = v.at
          FROM unnest(s_id, s_status, s_at) AS v(id, st, at)
         WHERE t.id = v.id AND t.status = 'PENDING' AND v.st IN ('POSTED', 'VOIDED');
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        IF v_rows <> cardinality(s_id) THEN
            RAISE EXCEPTION 'a posting batch settles % holds of which % are pending and become POSTED or VOIDED',
                cardinality(s_id), v_rows USING ERRCODE = 'LG002';
        END IF;
        SELECT count(*) INTO v_posted_s FROM unnest(s_status) st WHERE st = 'POSTED';
    END IF;

    IF n_e > 0 THEN
        INSERT INTO entries
               (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
                balance_after, account_version)
        SELECT * FROM unnest(e_id, e_tx, e_ord, e_acc, e_side, e_amount, e_cur, e_scale, e_pending, e_at, e_after,
                             e_ver);
    END IF;

    -- One pass over the entries, which come transaction by transaction.
    FOR i IN 1 .. n_e LOOP
        IF v_tx IS DISTINCT FROM e_tx[i] THEN
            IF v_tx IS NOT NULL THEN
                FOREACH v_signed IN ARRAY v_tx_sum LOOP
                    IF v_signed <> 0 THEN
                        RAISE EXCEPTION 'the entries of transaction % do not balance', v_tx USING ERRCODE = 'LG002';
                    END IF;
                END LOOP;
            END IF;
            v_tx := e_tx[i];
            IF v_tx = ANY (v_seen) THEN
                RAISE EXCEPTION 'the entries of transaction % are not together in the batch', v_tx
                    USING ERRCODE = 'LG002';
            END IF;
            v_seen := v_seen || v_tx;
            v_q := array_position(t_id, v_tx);
            v_settled := v_q IS NULL;
            IF v_settled THEN
                v_q := array_position(s_id, v_tx);
                IF v_q IS NULL THEN
                    RAISE EXCEPTION 'entry % belongs to transaction %, which the batch neither creates nor settles',
                        e_id[i], v_tx USING ERRCODE = 'LG002';
                END IF;
                v_status := s_status[v_q];
                IF v_status <> 'POSTED' THEN
                    RAISE EXCEPTION 'transaction % does not have the entries its status needs (% with entries)',
                        v_tx, v_status USING ERRCODE = 'LG002';
                END IF;
            ELSE
                v_status := t_status[v_q];
                IF v_status NOT IN ('POSTED', 'PENDING') THEN
                    RAISE EXCEPTION 'transaction % cannot be created %', v_tx, v_status USING ERRCODE = 'LG002';
                END IF;
            END IF;
            v_tx_cur := '{}';
            v_tx_sum := '{}';
        END IF;
        IF e_pending[i] IS DISTINCT FROM (v_status = 'PENDING') THEN
            RAISE EXCEPTION 'transaction % does not have the entries its status needs (% with a % entry)', v_tx,
                v_status, CASE WHEN e_pending[i] THEN 'pending' ELSE 'posted' END USING ERRCODE = 'LG002';
        END IF;
        v_p := array_position(a_id, e_acc[i]);
        IF v_p IS NULL OR e_cur[i] IS DISTINCT FROM v_cur[v_p] OR e_scale[i] IS DISTINCT FROM v_scale[v_p] THEN
            RAISE EXCEPTION 'entry % is not on an account of the batch in that account''s currency', e_id[i]
                USING ERRCODE = 'LG002';
        END IF;
        v_signed := CASE WHEN e_side[i] = 'DEBIT' THEN e_amount[i] ELSE -e_amount[i] END;
        v_q := array_position(v_tx_cur, e_cur[i]);
        IF v_q IS NULL THEN
            v_tx_cur := v_tx_cur || e_cur[i];
            v_tx_sum := v_tx_sum || v_signed;
        ELSE
            v_tx_sum[v_q] := v_tx_sum[v_q] + v_signed;
        END IF;
        IF e_pending[i] THEN
            IF v_signed > 0 THEN
                d_qd[v_p] := d_qd[v_p] + e_amount[i];
            ELSE
                d_qc[v_p] := d_qc[v_p] + e_amount[i];
            END IF;
        ELSE
            IF v_signed > 0 THEN
                d_pd[v_p] := d_pd[v_p] + e_amount[i];
            ELSE
                d_pc[v_p] := d_pc[v_p] + e_amount[i];
            END IF;
            v_run[v_p] := v_run[v_p] + CASE WHEN (v_signed > 0) = v_dn[v_p] THEN e_amount[i] ELSE -e_amount[i] END;
        END IF;
        IF e_after[i] IS DISTINCT FROM v_run[v_p] THEN
            RAISE EXCEPTION 'entry % does not carry its account''s balance after it (% where % is due)', e_id[i],
                e_after[i], v_run[v_p] USING ERRCODE = 'LG002';
        END IF;
        IF v_last_tx[v_p] IS DISTINCT FROM v_tx THEN
            IF e_ver[i] <= v_last_ver[v_p] THEN
                RAISE EXCEPTION 'entry % does not carry a version of the batch after the account''s last', e_id[i]
                    USING ERRCODE = 'LG002';
            END IF;
            v_last_tx[v_p] := v_tx;
            v_last_ver[v_p] := e_ver[i];
            v_cnt[v_p] := v_cnt[v_p] + 1;
            IF v_settled THEN
                v_pairs := v_pairs || (e_acc[i]::text || v_tx::text);
            END IF;
        ELSIF e_ver[i] IS DISTINCT FROM v_last_ver[v_p] THEN
            RAISE EXCEPTION 'entry % does not carry its transaction''s version on the account', e_id[i]
                USING ERRCODE = 'LG002';
        END IF;
        IF e_ver[i] > a_ver[v_p] THEN
            RAISE EXCEPTION 'entry % carries a version beyond the account''s new one', e_id[i] USING ERRCODE = 'LG002';
        END IF;
    END LOOP;
    IF v_tx IS NOT NULL THEN
        FOREACH v_signed IN ARRAY v_tx_sum LOOP
            IF v_signed <> 0 THEN
                RAISE EXCEPTION 'the entries of transaction % do not balance', v_tx USING ERRCODE = 'LG002';
            END IF;
        END LOOP;
    END IF;
    IF cardinality(v_seen) <> coalesce(cardinality(t_id), 0) + v_posted_s THEN
        RAISE EXCEPTION 'a transaction of the batch does not have the entries its status needs'
            USING ERRCODE = 'LG002';
    END IF;

    -- Settled holds release their pending amounts and touch their accounts once.
    IF cardinality(s_id) > 0 THEN
        FOR v_held IN SELECT x.account_id, x.transaction_id, x.side, x.amount
                        FROM entries x
                       WHERE x.transaction_id = ANY (s_id) AND x.pending LOOP
            v_p := array_position(a_id, v_held.account_id);
            IF v_p IS NULL THEN
                RAISE EXCEPTION 'hold % is settled without its account %', v_held.transaction_id, v_held.account_id
                    USING ERRCODE = 'LG002';
            END IF;
            IF v_held.side = 'DEBIT' THEN
                d_qd[v_p] := d_qd[v_p] - v_held.amount;
            ELSE
                d_qc[v_p] := d_qc[v_p] - v_held.amount;
            END IF;
            v_pair := v_held.account_id::text || v_held.transaction_id::text;
            IF NOT (v_pair = ANY (v_pairs)) THEN
                v_pairs := v_pairs || v_pair;
                v_cnt[v_p] := v_cnt[v_p] + 1;
            END IF;
        END LOOP;
    END IF;

    -- Counters move with the entries, versions with the transactions.
    FOR v_p IN 1 .. n_a LOOP
        IF a_pd[v_p] <> a_epd[v_p] + d_pd[v_p] OR a_pc[v_p] <> a_epc[v_p] + d_pc[v_p]
            OR a_qd[v_p] <> a_eqd[v_p] + d_qd[v_p] OR a_qc[v_p] <> a_eqc[v_p] + d_qc[v_p]
            OR a_ver[v_p] <> a_ev[v_p] + v_cnt[v_p] THEN
            RAISE EXCEPTION 'the counters or version of account % do not move by its entries', a_id[v_p]
                USING ERRCODE = 'LG002';
        END IF;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION apply_batch(uuid[], bigint[], bigint[], bigint[], bigint[], bigint[], text[], bigint[],
    bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[], timestamptz[], text[], text[],
    timestamptz[], uuid[], uuid[], text[], timestamptz[], uuid[], uuid[], integer[], uuid[], text[], bigint[], text[],
    smallint[], boolean[], timestamptz[], bigint[], bigint[]) FROM PUBLIC;

-- 3. Snapshots and checkpoints, computed from the entries.
--
-- snapshot_day(p_date, p_as_of) RETURNS integer: the day's snapshot of every account touched since
-- its base snapshot (its latest before the day), or already snapshotted that day (a re-run
-- refreshes it): the base plus the posted entries in (base as_of, p_as_of]. Returns the rows written.
CREATE FUNCTION snapshot_day(p_date date, p_as_of timestamptz) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_rows integer;
BEGIN
    IF p_date IS NULL OR p_as_of IS NULL OR NOT isfinite(p_date) OR NOT isfinite(p_as_of) THEN
        RAISE EXCEPTION 'snapshot_day needs a finite day and instant, not % and %', p_date, p_as_of
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH latest AS (
        SELECT a.id AS account_id,
               a.version AS live_version,
               coalesce(prev.as_of, CAST('-infinity' AS timestamptz)) AS base_as_of,
               coalesce(prev.posted_debits, 0) AS debits,
               coalesce(prev.posted_credits, 0) AS credits,
               coalesce(prev.account_version, 0) AS version,
               EXISTS (SELECT 1 FROM balance_snapshots d
                       WHERE d.account_id = a.id AND d.snapshot_date = p_date) AS refresh
        FROM accounts a
        LEFT JOIN LATERAL (
            SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
            FROM balance_snapshots s
            WHERE s.account_id = a.id AND s.snapshot_date < p_date
            ORDER BY s.snapshot_date DESC
            LIMIT 1
        ) prev ON true
    ),
    candidates AS (
        -- Touched since the base snapshot (the live version only narrows the search; the values
        -- come from entries), or already snapshotted that day, which a re-run refreshes.
        SELECT * FROM latest WHERE live_version > version OR refresh
    ),
    computed AS (
        SELECT c.account_id,
               c.debits + delta.debits AS posted_debits,
               c.credits + delta.credits AS posted_credits,
               greatest(c.version, delta.version) AS account_version
        FROM candidates c
        CROSS JOIN LATERAL (
            SELECT count(*) AS n,
                   CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS bigint) AS debits,
                   CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS bigint) AS credits,
                   coalesce(max(e.account_version), 0) AS version
            FROM entries e
            WHERE e.account_id = c.account_id
              AND NOT e.pending
              AND e.posted_at > c.base_as_of
              AND e.posted_at <= p_as_of
        ) delta
        WHERE delta.n > 0 OR c.refresh
    )
    INSERT INTO balance_snapshots
        (account_id, snapshot_date, as_of, posted_debits, posted_credits, account_version, created_at)
    SELECT c.account_id, p_date, p_as_of, c.posted_debits, c.posted_credits, c.account_version, now()
    FROM computed c
    ON CONFLICT (account_id, snapshot_date) DO UPDATE
    SET as_of = EXCLUDED.as_of,
        posted_debits = EXCLUDED.posted_debits,
        posted_credits = EXCLUDED.posted_credits,
        account_version = EXCLUDED.account_version,
        created_at = EXCLUDED.created_at;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

-- checkpoint_day(p_date, p_day_start, p_as_of, p_every) RETURNS integer: the day's checkpoints,
-- once its old ones are deleted (run after the day's snapshots, which name the accounts active
-- that day): for every
-- account with at least p_every posted entries in [p_day_start, p_as_of], a checkpoint at each
-- instant of the day where the running count of its entries since its base snapshot passes a
-- multiple of p_every. Returns the checkpoints written.
CREATE FUNCTION checkpoint_day(p_date date, p_day_start timestamptz, p_as_of timestamptz, p_every bigint)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_rows integer;
BEGIN
    IF p_date IS NULL OR p_day_start IS NULL OR p_as_of IS NULL OR NOT isfinite(p_date) OR NOT isfinite(p_day_start)
        OR NOT isfinite(p_as_of) OR p_every IS NULL OR p_every < 1 THEN
        RAISE EXCEPTION 'checkpoint_day needs a finite day and instants and an interval of at least 1'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH active AS (
        SELECT d.account_id
        FROM balance_snapshots d
        WHERE d.snapshot_date = p_date
    ),
    base AS (
        SELECT b.account_id,
               coalesce(prev.as_of, CAST('-infinity' AS timestamptz)) AS base_as_of,
               coalesce(prev.posted_debits, 0) AS debits,
               coalesce(prev.posted_credits, 0) AS credits,
               coalesce(prev.account_version, 0) AS version
        FROM active b
        LEFT JOIN LATERAL (
            SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
            FROM balance_snapshots s
            WHERE s.account_id = b.account_id AND s.snapshot_date < p_date
            ORDER BY s.snapshot_date DESC
            LIMIT 1
        ) prev ON true
    ),
    instants AS (
        SELECT e.account_id, e.posted_at, count(*) AS n,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS bigint) AS debits,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS bigint) AS credits,
               max(e.account_version) AS version
        FROM base b
        JOIN entries e
          ON e.account_id = b.account_id AND NOT e.pending
         AND e.posted_at > b.base_as_of AND e.posted_at <= p_as_of
        GROUP BY e.account_id, e.posted_at
    ),
    running AS (
        SELECT i.account_id, i.posted_at, i.n,
               CAST(sum(i.n) OVER w AS bigint) AS counted,
               sum(i.debits) OVER w AS debits,
               sum(i.credits) OVER w AS credits,
               max(i.version) OVER w AS version,
               sum(i.n) FILTER (WHERE i.posted_at >= p_day_start) OVER (PARTITION BY i.account_id) AS day_entries
        FROM instants i
        WINDOW w AS (PARTITION BY i.account_id ORDER BY i.posted_at ROWS UNBOUNDED PRECEDING)
    )
    INSERT INTO balance_checkpoints
        (account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version)
    SELECT r.account_id, r.posted_at, p_date, b.debits + r.debits, b.credits + r.credits,
           greatest(b.version, r.version)
    FROM running r
    JOIN base b ON b.account_id = r.account_id
    WHERE r.posted_at >= p_day_start
      AND r.day_entries >= p_every
      AND r.counted / p_every <> (r.counted - r.n) / p_every;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

-- 4. recalculate_counters(p_id uuid) RETURNS boolean: sets an account's four counters to what its
-- entries add up to (pending entries count while their transaction is PENDING); true when they
-- changed. The caller locks the row first.
CREATE FUNCTION recalculate_counters(p_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_rows integer;
BEGIN
    WITH sums AS (
        SELECT CAST(coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0) AS bigint) AS pd,
               CAST(coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS bigint) AS pc,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'DEBIT'), 0)
                   AS bigint) AS qd,
               CAST(coalesce(sum(e.amount) FILTER (WHERE e.pending AND t.status = 'PENDING' AND e.side = 'CREDIT'), 0)
                   AS bigint) AS qc
        FROM entries e
        LEFT JOIN transactions t ON e.pending AND t.id = e.transaction_id
        WHERE e.account_id = p_id
    )
    UPDATE accounts a
       SET posted_debits = s.pd, posted_credits = s.pc, pending_debits = s.qd, pending_credits = s.qc
      FROM sums s
     WHERE a.id = p_id
       AND (a.posted_debits, a.posted_credits, a.pending_debits, a.pending_credits) <> (s.pd, s.pc, s.qd, s.qc);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows > 0;
END
$$;

REVOKE ALL ON FUNCTION snapshot_day(date, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION checkpoint_day(date, timestamptz, timestamptz, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION recalculate_counters(uuid) FROM PUBLIC;

-- 5. Partitions: a supported month, an unambiguous name, a clash noticed.
--
-- ensure_entries_partition now refuses a month outside 0001-01 .. 9999-12 (BC dates, 'infinity',
-- null): their names would be ambiguous (May 2027 BC would take entries_2027_05) or unformattable.
-- A table of the expected name that is not the partition of entries for that month, or a month
-- already covered by a partition of another name, is reported as a clash instead of being taken
-- for the partition.
CREATE OR REPLACE FUNCTION ensure_entries_partition(p_month date) RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_schema text := current_schema();
    v_start  date;
    v_end    date;
    v_name   text;
    v_want   text;
    v_bound  text;
BEGIN
    IF p_month IS NULL OR NOT isfinite(p_month) OR p_month < date '0001-01-01' OR p_month > date '9999-12-31' THEN
        RAISE EXCEPTION 'p_month % is outside the supported range 0001-01-01 to 9999-12-31', p_month
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    v_start := date_trunc('month', p_month)::date;
    v_end := (date_trunc('month', p_month) + interval '1 month')::date;
    v_name := 'entries_' || to_char(v_start, 'YYYY_MM');
    v_want := format('FOR VALUES FROM (%L) TO (%L)', (v_start::timestamp AT TIME ZONE 'UTC'),
                     (v_end::timestamp AT TIME ZONE 'UTC'));
    IF to_regclass(format('%I.%I', v_schema, v_name)) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('corebanking-ledger:partitions:' || v_schema, 0));
    END IF;
    IF to_regclass(format('%I.%I', v_schema, v_name)) IS NOT NULL THEN
        SELECT pg_get_expr(c.relpartbound, c.oid) INTO v_bound
          FROM pg_class c
          JOIN pg_inherits i ON i.inhrelid = c.oid
         WHERE c.oid = to_regclass(format('%I.%I', v_schema, v_name))
           AND i.inhparent = to_regclass(format('%I.entries', v_schema));
        IF v_bound IS DISTINCT FROM v_want THEN
            RAISE EXCEPTION 'partition name clash: %.% exists but is not the partition of %.entries for [%, %)',
                v_schema, v_name, v_schema, v_start, v_end
                USING ERRCODE = 'duplicate_table',
                      HINT = 'Rename or drop that table: the ledger names its partitions entries_YYYY_MM.';
        END IF;
        RETURN false;
    END IF;
    BEGIN
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.entries FOR VALUES FROM (%L) TO (%L)',
            v_schema, v_name, v_schema,
            (v_start::timestamp AT TIME ZONE 'UTC'),
            (v_end::timestamp AT TIME ZONE 'UTC'));
        -- Statement-level TRUNCATE triggers are not inherited by partitions.
        EXECUTE format('CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON %I.%I '
            'FOR EACH STATEMENT EXECUTE FUNCTION %I.reject_entry_change()', v_schema, v_name, v_schema);
    EXCEPTION
        WHEN duplicate_table OR unique_violation THEN
            -- Created by another session since the check above (its catalog change was not yet visible).
            RETURN false;
        WHEN invalid_object_definition THEN
            RAISE EXCEPTION 'partition clash: [%, %) of %.entries is already covered by a partition not named %',
                v_start, v_end, v_schema, v_name
                USING ERRCODE = 'duplicate_table';
    END;
    RETURN true;
END
$$;
