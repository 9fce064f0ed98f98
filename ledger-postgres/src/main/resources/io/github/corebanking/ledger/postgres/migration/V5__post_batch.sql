-- Core Banking Ledger, PostgreSQL schema version 5: post_batch replaces apply_batch. It names each
-- entry's account and transaction by its position in the batch, and checks the batch in fewer
-- steps.
--
-- Version 4's apply_batch looked up every entry's account and transaction by id, read each
-- account's currency back from its updated row, and spent about twenty interpreted steps on each
-- entry. Here the writer also sends what it planned each account on (currency, scale, normal
-- side), which the account update matches against the row; an entry names its account and its
-- transaction by position, and takes its account id, currency and scale from the account it
-- names, so it cannot disagree with it. The rules checked are the same as in version 4.
--
-- apply_batch stays, unchanged, so that nodes of the previous release keep posting while a
-- rolling upgrade replaces them; a later version drops it. Every role that may execute
-- apply_batch is granted post_batch at the end of this script, so the runtime role posts through
-- either without its grants being run again.

-- post_batch: one posting batch, written and checked.
--
-- The arrays are parallel within each group:
--   accounts      ids ascending (rows are locked in that order); the currency, scale and normal
--                 side (true: debit, for ASSET and EXPENSE) planned on; the final counters and
--                 version; the status, counters and version planned on;
--   transactions  created by the batch;
--   settlements   holds the batch commits (POSTED) or voids (VOIDED);
--   entries       grouped by transaction: its id, its transaction (k > 0: the k-th created, k < 0:
--                 the (-k)-th settled), ordinal, its account (the position in the accounts),
--                 debit or credit, amount, pending, instant, balance after it and account version.
-- An account whose row is not in the state planned on raises SQLSTATE LG001 (account_changed).
-- Any other disagreement raises SQLSTATE LG002 and the whole database transaction is abandoned:
--   - every account exists once, in the currency, scale and normal side given;
--   - every entry belongs to a transaction of the batch, created or a hold committed in it; the
--     entries of a transaction are together and balance per currency;
--   - a created transaction is POSTED with posted entries or PENDING with pending ones; a hold
--     committed gets posted entries in the batch, a hold voided gets none;
--   - each account's counters move by exactly its entries in the batch, less the pending amounts
--     of the holds settled in it, and its version by the number of transactions touching it;
--   - each entry's balance_after is its account's posted balance (normal side) after it; its
--     account_version is one of the versions the batch gives the account, the same for the
--     entries of one transaction and rising from one transaction to the next.
CREATE FUNCTION post_batch(
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
        UPDATE transactions AS t
           SET status = v.st, settled_at = v.at
          FROM unnest(s_id, s_status, s_at) AS v(id, st, at)
         WHERE t.id = v.id AND t.status = 'PENDING' AND v.st IN ('POSTED', 'VOIDED');
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        IF v_rows <> n_s THEN
            RAISE EXCEPTION 'a posting batch settles % holds of which % are pending and become POSTED or VOIDED',
                n_s, v_rows USING ERRCODE = 'LG002';
        END IF;
        SELECT count(*) INTO v_posted FROM unnest(s_status) AS st WHERE st = 'POSTED';
    END IF;

    -- An entry's account id, currency and scale are its account's, named by position.
    IF n_e > 0 THEN
        INSERT INTO entries
               (id, transaction_id, ordinal, account_id, side, amount, currency, currency_scale, pending, posted_at,
                balance_after, account_version)
        SELECT v.id, CASE WHEN v.tq > 0 THEN t_id[v.tq] ELSE s_id[-v.tq] END, v.ord, a_id[v.ap],
               CASE WHEN v.debit THEN 'DEBIT' ELSE 'CREDIT' END, v.amount, a_cur[v.ap], a_scale[v.ap], v.pending,
               v.at, v.after, v.ver
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
END
$$;
REVOKE ALL ON FUNCTION post_batch(uuid[], text[], smallint[], boolean[], bigint[], bigint[], bigint[], bigint[],
    bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[],
    timestamptz[], text[], text[], timestamptz[], uuid[], uuid[], text[], timestamptz[], uuid[], integer[], integer[],
    integer[], boolean[], bigint[], boolean[], timestamptz[], bigint[], bigint[]) FROM PUBLIC;

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
         WHERE p.proname = 'apply_batch' AND n.nspname = current_schema() AND acl.privilege_type = 'EXECUTE'
           AND acl.grantee <> p.proowner
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION post_batch(uuid[], text[], smallint[], boolean[], bigint[], '
            'bigint[], bigint[], bigint[], bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], '
            'text[], text[], text[], date[], timestamptz[], text[], text[], timestamptz[], uuid[], uuid[], text[], '
            'timestamptz[], uuid[], integer[], integer[], integer[], boolean[], bigint[], boolean[], timestamptz[], '
            'bigint[], bigint[]) TO %I', v_role);
    END LOOP;
END
$$;
