-- Core Banking Ledger, PostgreSQL schema version 7: value dates.
--
-- Every transaction has a value date (transactions.effective_date) besides its booking instant,
-- and interest and month-end books read balances by value date. A backdated posting counts from
-- its value date on as soon as it is booked, so a balance on a date cannot come from the daily
-- snapshots (which are by booking instant), and summing an account's entries by value date on
-- every read would grow with its history. This version keeps, per account, its posted debits and
-- credits cumulative through each value date on which it has posted entries (value_balances),
-- brought up to date by post_batch in the posting's own database transaction: the balance on a
-- date is one index probe, and no job has to repair anything after a backdated posting.
--
--   1. entries.value_date: its transaction's value date, copied onto the entry (backfilled here),
--      so that a value-dated statement reads one index of posted entries in value-date order
--      (entries_account_value_idx) instead of joining every entry to its transaction;
--   2. value_balances, backfilled here from the entries;
--   3. post_batch, with the signature of version 5 (nodes of the previous release keep posting
--      through it during a rolling upgrade), writes value_date and keeps value_balances exact;
--      recalculate_counters also rebuilds the account's value_balances rows;
--   4. apply_batch (version 4), which would write entries without a value date, is dropped:
--      version 5 kept it for one version, for nodes of version 4's release.
--
-- Cost: each posted entry carries one more column and one more index entry; a posting dated today
-- updates one value_balances row per account it touches (in place, as the account row), a
-- backdated one also the account's rows of later value dates, which the ledger's backdating window
-- bounds. This script rewrites every entry once (the backfill) in one transaction that holds
-- entries locked: postings wait until it commits. On a large ledger, apply it in a quiet hour and
-- run VACUUM ANALYZE entries afterwards.
--
-- The runtime role may read value_balances and entries.value_date; only post_batch and
-- recalculate_counters, which run with their owner's rights, write them.

-- 1. entries.value_date.
ALTER TABLE entries ADD COLUMN value_date date;

-- Entries are append-only: version 1's trigger entries_append_only refuses every UPDATE. The
-- backfill is the one update ever made to them, so the trigger is disabled for it (on the
-- partitioned table, which disables its clones on the partitions too) and enabled again, inside
-- this script's transaction: ALTER TABLE keeps entries locked until the commit, so no other
-- session ever writes while it is off.
ALTER TABLE entries DISABLE TRIGGER entries_append_only;
UPDATE entries AS e
   SET value_date = t.effective_date
  FROM transactions AS t
 WHERE t.id = e.transaction_id;
-- An entry without a transaction (damage the integrity check reports as an orphan) has no value
-- date to copy: it takes the UTC day it was booked, and stays reported.
UPDATE entries
   SET value_date = CAST(posted_at AT TIME ZONE 'UTC' AS date)
 WHERE value_date IS NULL;
ALTER TABLE entries ENABLE TRIGGER entries_append_only;
ALTER TABLE entries ALTER COLUMN value_date SET NOT NULL;

-- An account's posted entries in value-date order (value date, then booking order): value-dated
-- statement pages and the sum of a day's entries before a page. Pending entries are never read
-- by value date, hence partial. Declared on the parent: every partition, present and future, has
-- its own; a read over all of them merges them in order (value dates do not follow posted_at, so
-- no partition can be pruned).
CREATE INDEX entries_account_value_idx ON entries (account_id, value_date, account_version, ordinal)
    WHERE NOT pending;

-- 2. value_balances: an account's posted debits and credits, cumulative through the end of
-- value_date (every posted entry dated on or before it, whenever booked), one row per account and
-- value date on which it has posted entries. The balance on a date d is the row with the greatest
-- value_date <= d, zero without one; the latest row equals the account's posted counters. Rows are
-- updated in place by postings: room is left for HOT updates, as for accounts.
CREATE TABLE value_balances (
    account_id     uuid   NOT NULL,
    value_date     date   NOT NULL,
    posted_debits  bigint NOT NULL,
    posted_credits bigint NOT NULL,
    CONSTRAINT value_balances_pkey PRIMARY KEY (account_id, value_date),
    CONSTRAINT value_balances_counters_check CHECK (posted_debits >= 0 AND posted_credits >= 0)
) WITH (fillfactor = 70);

INSERT INTO value_balances (account_id, value_date, posted_debits, posted_credits)
SELECT d.account_id, d.value_date, sum(d.debits) OVER w, sum(d.credits) OVER w
  FROM (SELECT e.account_id, e.value_date,
               coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS debits,
               coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits
          FROM entries AS e
         WHERE NOT e.pending
         GROUP BY e.account_id, e.value_date) AS d
WINDOW w AS (PARTITION BY d.account_id ORDER BY d.value_date ROWS UNBOUNDED PRECEDING);

-- 3. post_batch: version 5's function (the same arguments, checks and messages; see
-- V5__post_batch.sql), and also:
--   - each entry's value_date: its created transaction's t_date, or the stored value date of the
--     hold it commits (read by the settlements update, which returns it);
--   - value_balances, in the same database transaction, from the batch's posted entries summed
--     per account and value date: a missing (account, date) row is created from the account's
--     latest row before that date, and every row of the account dated on or after a movement gets
--     the movements dated on or before it. One statement, after every check passed; the account
--     rows, locked by the first statement, keep concurrent batches off the same account's rows.
-- CREATE OR REPLACE keeps the function's owner and grants.
CREATE OR REPLACE FUNCTION post_batch(
    a_id uuid[], a_cur text[], a_scale smallint[], a_dn boolean[],
    a_pd bigint[], a_pc bigint[], a_qd bigint[], a_qc bigint[], a_ver bigint[],
    a_es text[], a_epd bigint[], a_epc bigint[], a_eqd bigint[], a_eqc bigint[], a_ev bigint[],
    t_id uuid[], t_key text[], t_hash text[], t_desc text[], t_date date[], t_at timestamptz[], t_status text[],
    t_meta text[], t_exp timestamptz[], t_rev uuid[],
    s_id uuid[], s_status text[], s_at timestamptz[],
    e_id uuid[], e_tq integer[], e_ord integer[], e_ap integer[], e_debit boolean[], e_amount bigint[],
    e_pending boolean[], e_at timestamptz[], e_after bigint[], e_ver bigint[])
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    -- The writer's transaction sets plan_cache_mode to force_generic_plan, so that the statements
    -- below are planned once per session; set here, it would cost each call a second setting.
    SET search_path FROM CURRENT
AS $$
DECLARE
    n_a       integer := coalesce(cardinality(a_id), 0);
    n_t       integer := coalesce(cardinality(t_id), 0);
    n_s       integer := coalesce(cardinality(s_id), 0);
    n_e       integer := coalesce(cardinality(e_id), 0);
    v_rows    bigint;
    -- What the batch moves, four per account: posted debits, posted credits, pending debits,
    -- pending credits.
    v_move    bigint[] := array_fill(0::bigint, ARRAY[4 * n_a]);
    -- Per account: the version of the last transaction met, that transaction, and how many met.
    v_ver     bigint[] := a_ev;
    v_last    integer[] := array_fill(0, ARRAY[n_a]);
    v_cnt     bigint[] := array_fill(0::bigint, ARRAY[n_a]);
    -- Per transaction (created first, then settled): whether its entries were met.
    v_met     boolean[] := array_fill(false, ARRAY[n_t + n_s]);
    v_groups  integer := 0;
    v_posted  integer := 0;
    -- The transaction whose entries are being read: its position, whether its entries are pending,
    -- the currency of its first entry, the sum of its signed amounts, and whether it has another
    -- currency (then it is summed per currency when it ends).
    v_tq      integer := 0;
    v_pending boolean;
    v_cur     text;
    v_sum     bigint := 0;
    v_multi   boolean := false;
    v_k       integer;
    v_p       integer;
    v_m       integer;
    -- (account position, settled transaction position) pairs already counted for a version.
    v_pairs   bigint[];
    v_pair    bigint;
    v_held    record;
    -- The stored value date of each hold settled, in the order of s_id.
    v_s_date  date[];
BEGIN
    -- Accounts first, in id order: the row locks, the state planned on (or LG001), the new counters.
    UPDATE accounts AS a
       SET posted_debits = v.pd, posted_credits = v.pc, pending_debits = v.qd, pending_credits = v.qc,
           version = CASE
                         WHEN a.version = v.ev AND a.status = v.es
                              AND a.posted_debits = v.epd AND a.posted_credits = v.epc
                              AND a.pending_debits = v.eqd AND a.pending_credits = v.eqc
                         THEN v.ver
                         ELSE account_changed(a.id, a.version, v.ev)
                     END
      FROM unnest(a_id, a_cur, a_scale, a_dn, a_pd, a_pc, a_qd, a_qc, a_ver, a_es, a_epd, a_epc, a_eqd, a_eqc, a_ev)
           AS v(id, cur, scale, dn, pd, pc, qd, qc, ver, es, epd, epc, eqd, eqc, ev)
     WHERE a.id = v.id AND a.currency = v.cur AND a.currency_scale = v.scale
       AND (a.type IN ('ASSET', 'EXPENSE')) = v.dn;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    -- An id named twice updates its row once, so the count also catches duplicates.
    IF v_rows <> n_a THEN
        RAISE EXCEPTION 'a posting batch names % accounts of which % exist once in the currency and normal side given',
            n_a, v_rows USING ERRCODE = 'LG002';
    END IF;

    -- One pass over the entries, transaction by transaction; the pass past the last entry ends
    -- the last transaction.
    FOR i IN 1 .. n_e + 1 LOOP
        IF i = 1 OR i > n_e OR e_tq[i] IS DISTINCT FROM v_tq THEN
            IF v_multi THEN
                IF EXISTS (SELECT 1
                             FROM unnest(e_tq, e_ap, e_debit, e_amount) AS u(tq, ap, debit, amount)
                            WHERE u.tq = v_tq
                            GROUP BY a_cur[u.ap]
                           HAVING sum(CASE WHEN u.debit THEN u.amount ELSE -u.amount END) <> 0) THEN
                    v_sum := 1;
                ELSE
                    v_sum := 0;
                END IF;
            END IF;
            IF v_sum IS DISTINCT FROM 0 THEN
                RAISE EXCEPTION 'the entries of transaction % do not balance',
                    CASE WHEN v_tq > 0 THEN t_id[v_tq] ELSE s_id[-v_tq] END USING ERRCODE = 'LG002';
            END IF;
            EXIT WHEN i > n_e;
            v_k := e_tq[i];
            IF v_k BETWEEN 1 AND n_t THEN
                v_m := v_k;
                v_pending := CASE t_status[v_k] WHEN 'POSTED' THEN false WHEN 'PENDING' THEN true END;
                IF v_pending IS NULL THEN
                    RAISE EXCEPTION 'transaction % cannot be created %', t_id[v_k], t_status[v_k]
                        USING ERRCODE = 'LG002';
                END IF;
            ELSIF -v_k BETWEEN 1 AND n_s THEN
                v_m := n_t - v_k;
                v_pending := false;
                IF s_status[-v_k] <> 'POSTED' THEN
                    RAISE EXCEPTION 'transaction % does not have the entries its status needs (% with entries)',
                        s_id[-v_k], s_status[-v_k] USING ERRCODE = 'LG002';
                END IF;
            ELSE
                RAISE EXCEPTION 'entry % belongs to no transaction the batch creates or settles (position %)',
                    e_id[i], v_k USING ERRCODE = 'LG002';
            END IF;
            IF v_met[v_m] THEN
                RAISE EXCEPTION 'the entries of transaction % are not together in the batch',
                    CASE WHEN v_k > 0 THEN t_id[v_k] ELSE s_id[-v_k] END USING ERRCODE = 'LG002';
            END IF;
            v_met[v_m] := true;
            v_groups := v_groups + 1;
            v_tq := v_k;
            v_sum := 0;
            v_multi := false;
            v_cur := a_cur[e_ap[i]];
        END IF;
        -- A position outside the accounts reads nothing from them and is refused below.
        v_p := coalesce(e_ap[i], 0);
        v_move[4 * v_p - 3 + CASE WHEN e_debit[i] THEN 0 ELSE 1 END + CASE WHEN e_pending[i] THEN 2 ELSE 0 END] :=
            v_move[4 * v_p - 3 + CASE WHEN e_debit[i] THEN 0 ELSE 1 END + CASE WHEN e_pending[i] THEN 2 ELSE 0 END]
            + e_amount[i];
        v_sum := v_sum + CASE WHEN e_debit[i] THEN e_amount[i] ELSE -e_amount[i] END;
        IF v_last[v_p] IS DISTINCT FROM v_tq THEN
            -- The first entry of this transaction on this account: a version above the last one met
            -- and at most the account's new one (else none, which the check below refuses).
            v_ver[v_p] := CASE WHEN e_ver[i] > v_ver[v_p] AND e_ver[i] <= a_ver[v_p] THEN e_ver[i] END;
            v_last[v_p] := v_tq;
            v_cnt[v_p] := v_cnt[v_p] + 1;
        END IF;
        IF v_p < 1 OR v_p > n_a
            OR e_pending[i] IS DISTINCT FROM v_pending
            OR e_ver[i] IS DISTINCT FROM v_ver[v_p]
            OR e_after[i] IS DISTINCT FROM (CASE WHEN a_dn[v_p]
                                                 THEN a_epd[v_p] - a_epc[v_p] + v_move[4 * v_p - 3] - v_move[4 * v_p - 2]
                                                 ELSE a_epc[v_p] - a_epd[v_p] + v_move[4 * v_p - 2] - v_move[4 * v_p - 3]
                                            END)
            OR a_cur[v_p] IS DISTINCT FROM v_cur THEN
            -- Only a second currency in the transaction is allowed here; anything else is named.
            IF v_p < 1 OR v_p > n_a THEN
                RAISE EXCEPTION 'entry % names no account of the batch (position %)', e_id[i], e_ap[i]
                    USING ERRCODE = 'LG002';
            END IF;
            IF e_pending[i] IS DISTINCT FROM v_pending THEN
                RAISE EXCEPTION 'transaction % does not have the entries its status needs (a % entry)',
                    CASE WHEN v_tq > 0 THEN t_id[v_tq] ELSE s_id[-v_tq] END,
                    CASE WHEN e_pending[i] THEN 'pending' ELSE 'posted' END USING ERRCODE = 'LG002';
            END IF;
            IF e_ver[i] IS DISTINCT FROM v_ver[v_p] THEN
                RAISE EXCEPTION 'entry % does not carry a version of the batch for its account (%): above the '
                    'version of the account''s transaction before, at most its new one, and the same for the entries '
                    'of one transaction', e_id[i], e_ver[i] USING ERRCODE = 'LG002';
            END IF;
            IF e_after[i] IS DISTINCT FROM (CASE WHEN a_dn[v_p]
                                                 THEN a_epd[v_p] - a_epc[v_p] + v_move[4 * v_p - 3] - v_move[4 * v_p - 2]
                                                 ELSE a_epc[v_p] - a_epd[v_p] + v_move[4 * v_p - 2] - v_move[4 * v_p - 3]
                                            END) THEN
                RAISE EXCEPTION 'entry % does not carry its account''s balance after it (%)', e_id[i], e_after[i]
                    USING ERRCODE = 'LG002';
            END IF;
            v_multi := true;
        END IF;
    END LOOP;

    IF n_t > 0 THEN
        INSERT INTO transactions
               (id, idempotency_key, request_hash, description, effective_date, posted_at, status, metadata,
                expires_at, reverses)
        SELECT v.id, v.k, v.h, v.d, v.ed, v.pa, v.st, v.md::jsonb, v.ex, v.rv
          FROM unnest(t_id, t_key, t_hash, t_desc, t_date, t_at, t_status, t_meta, t_exp, t_rev)
               AS v(id, k, h, d, ed, pa, st, md, ex, rv);
    END IF;

    IF n_s > 0 THEN
        WITH settled AS (
            UPDATE transactions AS t
               SET status = v.st, settled_at = v.at
              FROM unnest(s_id, s_status, s_at) AS v(id, st, at)
             WHERE t.id = v.id AND t.status = 'PENDING' AND v.st IN ('POSTED', 'VOIDED')
            RETURNING t.id, t.effective_date
        )
        SELECT count(*), array_agg(settled.effective_date ORDER BY array_position(s_id, settled.id))
          INTO v_rows, v_s_date
          FROM settled;
        IF v_rows <> n_s THEN
            RAISE EXCEPTION 'a posting batch settles % holds of which % are pending and become POSTED or VOIDED',
                n_s, v_rows USING ERRCODE = 'LG002';
        END IF;
        SELECT count(*) INTO v_posted FROM unnest(s_status) AS st WHERE st = 'POSTED';
    END IF;

    -- An entry's account id, currency and scale are its account's, named by position; its value date
    -- is its transaction's.
    IF n_e > 0 THEN
        INSERT INTO entries
               (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
                balance_after, account_version, value_date)
        SELECT v.id, CASE WHEN v.tq > 0 THEN t_id[v.tq] ELSE s_id[-v.tq] END, v.ord, a_id[v.ap],
               CASE WHEN v.debit THEN 'DEBIT' ELSE 'CREDIT' END, v.amount, a_cur[v.ap], a_scale[v.ap], v.pending,
               v.at, v.after, v.ver, CASE WHEN v.tq > 0 THEN t_date[v.tq] ELSE v_s_date[-v.tq] END
          FROM unnest(e_id, e_tq, e_ord, e_ap, e_debit, e_amount, e_pending, e_at, e_after, e_ver)
               AS v(id, tq, ord, ap, debit, amount, pending, at, after, ver);
    END IF;

    -- Every created transaction and every hold committed has its entries; a voided one has none.
    IF v_groups <> n_t + v_posted THEN
        RAISE EXCEPTION 'a transaction of the batch does not have the entries its status needs'
            USING ERRCODE = 'LG002';
    END IF;

    -- Settled holds release their pending amounts and touch their accounts once: an account the
    -- hold's new entries touched already counted it.
    IF n_s > 0 THEN
        v_pairs := ARRAY(SELECT DISTINCT u.ap::bigint * (n_s + 1) - u.tq
                           FROM unnest(e_tq, e_ap) AS u(tq, ap) WHERE u.tq < 0);
        FOR v_held IN SELECT x.account_id, x.side, x.amount, x.transaction_id, array_position(s_id, x.transaction_id) AS q
                        FROM entries x
                       WHERE x.transaction_id = ANY (s_id) AND x.pending LOOP
            v_p := array_position(a_id, v_held.account_id);
            IF v_p IS NULL THEN
                RAISE EXCEPTION 'hold % is settled without its account %', v_held.transaction_id, v_held.account_id
                    USING ERRCODE = 'LG002';
            END IF;
            v_m := 4 * v_p - 1 + CASE WHEN v_held.side = 'DEBIT' THEN 0 ELSE 1 END;
            v_move[v_m] := v_move[v_m] - v_held.amount;
            v_pair := v_p::bigint * (n_s + 1) + v_held.q;
            IF NOT (v_pair = ANY (v_pairs)) THEN
                v_pairs := v_pairs || v_pair;
                v_cnt[v_p] := v_cnt[v_p] + 1;
            END IF;
        END LOOP;
    END IF;

    -- Counters move with the entries, versions with the transactions.
    FOR p IN 1 .. n_a LOOP
        IF a_pd[p] IS DISTINCT FROM a_epd[p] + v_move[4 * p - 3] OR a_pc[p] IS DISTINCT FROM a_epc[p] + v_move[4 * p - 2]
            OR a_qd[p] IS DISTINCT FROM a_eqd[p] + v_move[4 * p - 1] OR a_qc[p] IS DISTINCT FROM a_eqc[p] + v_move[4 * p]
            OR a_ver[p] IS DISTINCT FROM a_ev[p] + v_cnt[p] OR a_pd[p] IS NULL OR a_ver[p] IS NULL THEN
            RAISE EXCEPTION 'the counters or version of account % do not move by its entries', a_id[p]
                USING ERRCODE = 'LG002';
        END IF;
    END LOOP;

    -- Value-dated balances move with the posted entries. moved: the batch's posted amounts per
    -- account and value date; touched: those dates, and the account's rows dated after the first of
    -- them. Each touched row becomes its base (itself, or for a new date the account's latest row
    -- before it) plus the movements dated on or before it. A posting dated on the account's latest
    -- value date touches one row; a backdated one also the rows of the dates after it.
    IF n_e > 0 THEN
        WITH moved AS (
            SELECT a_id[u.ap] AS account_id,
                   CASE WHEN u.tq > 0 THEN t_date[u.tq] ELSE v_s_date[-u.tq] END AS value_date,
                   coalesce(sum(u.amount) FILTER (WHERE u.debit), 0) AS debits,
                   coalesce(sum(u.amount) FILTER (WHERE NOT u.debit), 0) AS credits
              FROM unnest(e_tq, e_ap, e_debit, e_amount, e_pending) AS u(tq, ap, debit, amount, pending)
             WHERE NOT u.pending
             GROUP BY 1, 2
        ),
        touched AS (
            SELECT m.account_id, m.value_date FROM moved AS m
            UNION
            SELECT r.account_id, r.value_date
              FROM (SELECT m.account_id, min(m.value_date) AS first FROM moved AS m GROUP BY m.account_id) AS f
              JOIN value_balances AS r ON r.account_id = f.account_id AND r.value_date > f.first
        )
        INSERT INTO value_balances AS vb (account_id, value_date, posted_debits, posted_credits)
        SELECT t.account_id, t.value_date, coalesce(b.posted_debits, 0) + s.debits,
               coalesce(b.posted_credits, 0) + s.credits
          FROM touched AS t
          LEFT JOIN LATERAL (
              SELECT r.posted_debits, r.posted_credits
                FROM value_balances AS r
               WHERE r.account_id = t.account_id AND r.value_date <= t.value_date
               ORDER BY r.value_date DESC
               LIMIT 1) AS b ON true
         CROSS JOIN LATERAL (
              SELECT sum(m.debits) AS debits, sum(m.credits) AS credits
                FROM moved AS m
               WHERE m.account_id = t.account_id AND m.value_date <= t.value_date) AS s
        ON CONFLICT (account_id, value_date) DO UPDATE
           SET posted_debits = EXCLUDED.posted_debits, posted_credits = EXCLUDED.posted_credits;
    END IF;
END
$$;

-- recalculate_counters(p_id uuid) RETURNS boolean: as in version 4, sets an account's four counters
-- to what its entries add up to, and now also its value_balances rows: a row for each value date
-- with posted entries, cumulative; rows of other dates are deleted. True when anything changed.
-- The caller locks the account row first (as postings do), so no posting moves it meanwhile.
CREATE OR REPLACE FUNCTION recalculate_counters(p_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_rows    integer;
    v_changed boolean;
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
    v_changed := v_rows > 0;

    DELETE FROM value_balances AS v
     WHERE v.account_id = p_id
       AND NOT EXISTS (SELECT 1 FROM entries e
                        WHERE e.account_id = p_id AND NOT e.pending AND e.value_date = v.value_date);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_changed := v_changed OR v_rows > 0;

    INSERT INTO value_balances AS v (account_id, value_date, posted_debits, posted_credits)
    SELECT p_id, d.value_date, sum(d.debits) OVER w, sum(d.credits) OVER w
      FROM (SELECT e.value_date,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS debits,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS credits
              FROM entries e
             WHERE e.account_id = p_id AND NOT e.pending
             GROUP BY e.value_date) AS d
    WINDOW w AS (ORDER BY d.value_date ROWS UNBOUNDED PRECEDING)
    ON CONFLICT (account_id, value_date) DO UPDATE
       SET posted_debits = EXCLUDED.posted_debits, posted_credits = EXCLUDED.posted_credits
     WHERE (v.posted_debits, v.posted_credits) IS DISTINCT FROM (EXCLUDED.posted_debits, EXCLUDED.posted_credits);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_changed OR v_rows > 0;
END
$$;

-- 4. apply_batch is dropped.
DROP FUNCTION IF EXISTS apply_batch(uuid[], bigint[], bigint[], bigint[], bigint[], bigint[], text[], bigint[],
    bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[], timestamptz[], text[], text[],
    timestamptz[], uuid[], uuid[], text[], timestamptz[], uuid[], uuid[], integer[], uuid[], text[], bigint[], text[],
    smallint[], boolean[], timestamptz[], bigint[], bigint[]);

-- Every role that may post (execute post_batch) may read value_balances, as
-- PostgresLedgerSchema.runtimeGrants grants; entries.value_date comes with its SELECT on entries.
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
        EXECUTE format('GRANT SELECT ON value_balances TO %I', v_role);
    END LOOP;
END
$$;
