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
AS $$
DECLARE
    v_rows  bigint;
    v_bad   text;
BEGIN
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
     WHERE a.id = v.id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows <> coalesce(cardinality(a_id), 0) THEN
        RAISE EXCEPTION 'a posting batch names % accounts of which % exist', cardinality(a_id), v_rows
            USING ERRCODE = 'LG002';
    END IF;

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
         WHERE t.id = v.id AND t.status = 'PENDING';
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        IF v_rows <> cardinality(s_id) THEN
            RAISE EXCEPTION 'a posting batch settles % holds of which % are pending', cardinality(s_id), v_rows
                USING ERRCODE = 'LG002';
        END IF;
    END IF;

    IF cardinality(e_id) > 0 THEN
        INSERT INTO entries
               (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
                balance_after, account_version)
        SELECT * FROM unnest(e_id, e_tx, e_ord, e_acc, e_side, e_amount, e_cur, e_scale, e_pending, e_at, e_after,
                             e_ver);
    END IF;

    -- Created transactions: POSTED or PENDING, never settled at birth.
    SELECT v.id::text INTO v_bad
      FROM unnest(t_id, t_status) AS v(id, st)
     WHERE v.st NOT IN ('POSTED', 'PENDING')
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'transaction % cannot be created settled', v_bad USING ERRCODE = 'LG002';
    END IF;

    -- Every entry belongs to the batch, in its account's currency.
    SELECT e.id::text INTO v_bad
      FROM unnest(e_id, e_tx, e_acc, e_cur, e_scale) AS e(id, tx, acc, cur, scale)
      LEFT JOIN accounts a ON a.id = e.acc
     WHERE NOT (e.tx = ANY (t_id) OR e.tx = ANY (s_id))
        OR a.id IS NULL OR a.currency <> e.cur OR a.currency_scale <> e.scale
        OR NOT (e.acc = ANY (a_id))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % does not belong to the batch''s transactions and accounts, or is not in its '
            'account''s currency', v_bad USING ERRCODE = 'LG002';
    END IF;

    -- The entries of each transaction balance per currency.
    SELECT e.tx::text || ' in ' || e.cur INTO v_bad
      FROM unnest(e_tx, e_side, e_amount, e_cur) AS e(tx, side, amount, cur)
     GROUP BY e.tx, e.cur
    HAVING sum(CASE WHEN e.side = 'DEBIT' THEN e.amount ELSE -e.amount END) <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the entries of transaction % do not balance', v_bad USING ERRCODE = 'LG002';
    END IF;

    -- Status and entries agree.
    SELECT k.id::text || ' (' || k.st || ')' INTO v_bad
      FROM (SELECT id, st, false AS settled FROM unnest(t_id, t_status) AS t(id, st)
            UNION ALL
            SELECT id, st, true FROM unnest(s_id, s_status) AS s(id, st)) k
      LEFT JOIN (SELECT tx, count(*) AS n, bool_or(pending) AS any_pending, bool_and(pending) AS all_pending
                   FROM unnest(e_tx, e_pending) AS e(tx, pending)
                  GROUP BY tx) e ON e.tx = k.id
     WHERE (k.st = 'POSTED' AND (e.n IS NULL OR e.any_pending))
        OR (k.st = 'PENDING' AND (e.n IS NULL OR NOT e.all_pending))
        OR (k.st = 'VOIDED' AND e.n IS NOT NULL)
        OR (k.settled AND k.st NOT IN ('POSTED', 'VOIDED'))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'transaction % does not have the entries its status needs', v_bad USING ERRCODE = 'LG002';
    END IF;

    -- Counters move with the entries, versions with the transactions.
    WITH moved AS (
        SELECT e.acc,
               coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'DEBIT'), 0) AS pd,
               coalesce(sum(e.amount) FILTER (WHERE NOT e.pending AND e.side = 'CREDIT'), 0) AS pc,
               coalesce(sum(e.amount) FILTER (WHERE e.pending AND e.side = 'DEBIT'), 0) AS qd,
               coalesce(sum(e.amount) FILTER (WHERE e.pending AND e.side = 'CREDIT'), 0) AS qc
          FROM unnest(e_acc, e_side, e_amount, e_pending) AS e(acc, side, amount, pending)
         GROUP BY e.acc
    ),
    held AS (
        SELECT x.account_id AS acc, x.transaction_id AS tx, x.side, x.amount
          FROM entries x
         WHERE cardinality(s_id) > 0 AND x.transaction_id = ANY (s_id) AND x.pending
    ),
    released AS (
        SELECT h.acc,
               coalesce(sum(h.amount) FILTER (WHERE h.side = 'DEBIT'), 0) AS qd,
               coalesce(sum(h.amount) FILTER (WHERE h.side = 'CREDIT'), 0) AS qc
          FROM held h
         GROUP BY h.acc
    ),
    touched AS (
        SELECT t.acc, count(DISTINCT t.tx) AS n
          FROM (SELECT e.acc, e.tx FROM unnest(e_acc, e_tx) AS e(acc, tx)
                UNION
                SELECT h.acc, h.tx FROM held h) t
         GROUP BY t.acc
    ),
    planned AS (
        SELECT * FROM unnest(a_id, a_pd, a_pc, a_qd, a_qc, a_ver, a_epd, a_epc, a_eqd, a_eqc, a_ev)
               AS v(id, pd, pc, qd, qc, ver, epd, epc, eqd, eqc, ev)
    )
    SELECT coalesce(p.id, m.acc, r.acc)::text INTO v_bad
      FROM planned p
      FULL JOIN moved m ON m.acc = p.id
      FULL JOIN released r ON r.acc = coalesce(p.id, m.acc)
      LEFT JOIN touched t ON t.acc = coalesce(p.id, m.acc, r.acc)
     WHERE p.id IS NULL
        OR p.pd <> p.epd + coalesce(m.pd, 0)
        OR p.pc <> p.epc + coalesce(m.pc, 0)
        OR p.qd <> p.eqd + coalesce(m.qd, 0) - coalesce(r.qd, 0)
        OR p.qc <> p.eqc + coalesce(m.qc, 0) - coalesce(r.qc, 0)
        OR p.ver <> p.ev + coalesce(t.n, 0)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the counters or version of account % do not move by its entries', v_bad
            USING ERRCODE = 'LG002';
    END IF;

    -- Each entry carries its account's posted balance after it and a version of the batch.
    WITH e AS (
        SELECT e.id, e.tx, e.acc, e.after, e.ver, e.n,
               CASE WHEN a.type IN ('ASSET', 'EXPENSE') THEN p.epd - p.epc ELSE p.epc - p.epd END
                 + sum(CASE WHEN e.pending THEN 0
                            WHEN (e.side = 'DEBIT') = (a.type IN ('ASSET', 'EXPENSE')) THEN e.amount
                            ELSE -e.amount END) OVER (PARTITION BY e.acc ORDER BY e.n) AS expected,
               p.ev, p.ver AS last
          FROM unnest(e_id, e_tx, e_acc, e_side, e_amount, e_pending, e_after, e_ver) WITH ORDINALITY
               AS e(id, tx, acc, side, amount, pending, after, ver, n)
          JOIN accounts a ON a.id = e.acc
          JOIN unnest(a_id, a_epd, a_epc, a_ev, a_ver) AS p(id, epd, epc, ev, ver) ON p.id = e.acc
    )
    SELECT e.id::text INTO v_bad
      FROM e
     WHERE e.after <> e.expected OR e.ver <= e.ev OR e.ver > e.last
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % does not carry its account''s balance and version after it', v_bad
            USING ERRCODE = 'LG002';
    END IF;
    -- One version per transaction on an account, a different one for each transaction.
    SELECT e.acc::text INTO v_bad
      FROM unnest(e_acc, e_tx, e_ver) AS e(acc, tx, ver)
     GROUP BY e.acc
    HAVING count(DISTINCT e.tx) <> count(DISTINCT e.ver) OR count(DISTINCT e.tx) <> count(DISTINCT (e.tx, e.ver))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the entries on account % do not give each transaction a version of its own', v_bad
            USING ERRCODE = 'LG002';
    END IF;
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
