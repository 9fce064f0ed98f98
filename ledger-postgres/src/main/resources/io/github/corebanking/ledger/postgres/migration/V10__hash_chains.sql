-- Core Banking Ledger, PostgreSQL schema version 10: hash chains (tamper evidence).
--
-- (Version 9 is another change; the runner applies versions in order and allows the gap.)
--
-- Each entry carries entries.hash, SHA-256 of the hash of its account's entry before it (32 zero
-- bytes for the account's first) and its content; each transaction transactions.digest, SHA-256 of
-- its header and its entries' content (a committed hold's over its pending and posted entries,
-- replaced by the commit); each account accounts.last_entry_hash, the hash of its latest entry,
-- which the next posting chains to. The format is written once, in the library
-- (io.github.corebanking.ledger.internal.EntryHashes); the planner computes hashes and digests
-- under the accounts' row locks, so the chain costs no extra lock. The library's verification
-- walks each account's entries in chain order (account_version, ordinal), recomputes them, and
-- names every entry edited, inserted or deleted behind the ledger's back, from the checkpoint in
-- hash_chain_checkpoints where its last run found the chain intact.
--
--   1. entries.hash, transactions.digest, accounts.last_entry_hash: new nullable columns (no
--      rewrite). Rows booked before this version keep no hash: backfilling would rewrite every
--      entry and recompute the library's format in SQL. Their chains start at the first entry
--      booked from now on, chained to the genesis value;
--   2. hash_chain_checkpoints, one row per account: unhashed_through, the account's version when
--      this script ran (its entries up to that version carry no hash and are not walked; set here
--      and never by the runtime role), and verified_through / verified_hash, the checkpoint;
--   3. post_batch takes each entry's hash, each created transaction's digest and each committed
--      hold's new digest, refuses a batch without them, and sets last_entry_hash of each account
--      to the hash of its last entry of the batch. A new signature (three more arrays): the
--      version-8 one is dropped, so nodes of an earlier release stop posting once this runs;
--      upgrade every node with the schema;
--   4. check_transaction_change also lets the digest change when a PENDING transaction becomes
--      POSTED (the commit that appends its posted entries), and never otherwise.
--
-- What the runtime role can do to the new columns: only through post_batch, which runs with its
-- owner's rights. It can append entries, transactions and holds' commits whose hashes or digests
-- are wrong (verification names them), never change or remove a hash or digest once written (the
-- append-only triggers), nor set last_entry_hash apart from the entries it appends. It may write
-- checkpoints (verified_through, verified_hash): a false one hides damage from incremental runs,
-- never from a full one, which ignores checkpoints.
--
-- Cost: each entry 33 bytes more, each transaction 33, and one SHA-256 per entry in the library.

-- 1. The columns.
ALTER TABLE entries ADD COLUMN hash bytea;
ALTER TABLE transactions ADD COLUMN digest bytea;
ALTER TABLE accounts ADD COLUMN last_entry_hash bytea;

-- 2. Checkpoints. Accounts opened later have no row until verification writes one (then their
-- unhashed_through is 0: every entry of theirs carries a hash).
CREATE TABLE hash_chain_checkpoints (
    account_id       uuid        NOT NULL,
    unhashed_through bigint      NOT NULL DEFAULT 0,
    verified_through bigint      NOT NULL DEFAULT 0,
    verified_hash    bytea,
    verified_at      timestamptz,
    CONSTRAINT hash_chain_checkpoints_pkey PRIMARY KEY (account_id),
    CONSTRAINT hash_chain_checkpoints_account_fkey FOREIGN KEY (account_id) REFERENCES accounts (id),
    CONSTRAINT hash_chain_checkpoints_versions_check CHECK (unhashed_through >= 0 AND verified_through >= 0)
);

INSERT INTO hash_chain_checkpoints (account_id, unhashed_through)
SELECT id, version FROM accounts WHERE version > 0;

-- 3. post_batch, version 7's function (see V7__value_dates.sql) with the hashes and digests. The
-- roles that may execute the old one may execute the new one.
CREATE FUNCTION post_batch(
    a_id uuid[], a_cur text[], a_scale smallint[], a_dn boolean[],
    a_pd bigint[], a_pc bigint[], a_qd bigint[], a_qc bigint[], a_ver bigint[],
    a_es text[], a_epd bigint[], a_epc bigint[], a_eqd bigint[], a_eqc bigint[], a_ev bigint[],
    t_id uuid[], t_key text[], t_hash text[], t_desc text[], t_date date[], t_at timestamptz[], t_status text[],
    t_meta text[], t_exp timestamptz[], t_rev uuid[], t_digest text[],
    s_id uuid[], s_status text[], s_at timestamptz[], s_digest text[],
    e_id uuid[], e_tq integer[], e_ord integer[], e_ap integer[], e_debit boolean[], e_amount bigint[],
    e_pending boolean[], e_at timestamptz[], e_after bigint[], e_ver bigint[], e_hash text[])
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
    -- Per account: the hash of its last entry in the batch (chain order), or null when it has none.
    v_lh      text[] := array_fill(NULL::text, ARRAY[n_a]);
BEGIN
    -- Every entry, created transaction and committed hold carries its chain link or digest.
    IF coalesce(cardinality(e_hash), 0) <> n_e OR array_position(e_hash, NULL) IS NOT NULL
        OR coalesce(cardinality(t_digest), 0) <> n_t OR array_position(t_digest, NULL) IS NOT NULL
        OR coalesce(cardinality(s_digest), 0) <> n_s THEN
        RAISE EXCEPTION 'a posting batch must carry a hash for each of its % entries and a digest for each of its % '
            'transactions created and % holds settled', n_e, n_t, n_s USING ERRCODE = 'LG002';
    END IF;
    FOR i IN 1 .. n_e LOOP
        IF e_ap[i] BETWEEN 1 AND n_a THEN
            v_lh[e_ap[i]] := e_hash[i];
        END IF;
    END LOOP;
    -- Accounts first, in id order: the row locks, the state planned on (or LG001), the new counters.
    UPDATE accounts AS a
       SET posted_debits = v.pd, posted_credits = v.pc, pending_debits = v.qd, pending_credits = v.qc,
           last_entry_hash = coalesce(decode(v.lh, 'hex'), a.last_entry_hash),
           version = CASE
                         WHEN a.version = v.ev AND a.status = v.es
                              AND a.posted_debits = v.epd AND a.posted_credits = v.epc
                              AND a.pending_debits = v.eqd AND a.pending_credits = v.eqc
                         THEN v.ver
                         ELSE account_changed(a.id, a.version, v.ev)
                     END
      FROM unnest(a_id, a_cur, a_scale, a_dn, a_pd, a_pc, a_qd, a_qc, a_ver, a_es, a_epd, a_epc, a_eqd, a_eqc, a_ev,
                  v_lh)
           AS v(id, cur, scale, dn, pd, pc, qd, qc, ver, es, epd, epc, eqd, eqc, ev, lh)
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
                expires_at, reverses, digest)
        SELECT v.id, v.k, v.h, v.d, v.ed, v.pa, v.st, v.md::jsonb, v.ex, v.rv, decode(v.dg, 'hex')
          FROM unnest(t_id, t_key, t_hash, t_desc, t_date, t_at, t_status, t_meta, t_exp, t_rev, t_digest)
               AS v(id, k, h, d, ed, pa, st, md, ex, rv, dg);
    END IF;

    IF n_s > 0 THEN
        WITH settled AS (
            UPDATE transactions AS t
               SET status = v.st, settled_at = v.at,
                   digest = CASE WHEN v.st = 'POSTED' THEN decode(v.dg, 'hex') ELSE t.digest END
              FROM unnest(s_id, s_status, s_at, s_digest) AS v(id, st, at, dg)
             WHERE t.id = v.id AND t.status = 'PENDING' AND v.st IN ('POSTED', 'VOIDED')
               AND (v.st = 'VOIDED' OR v.dg IS NOT NULL)
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
                balance_after, account_version, value_date, hash)
        SELECT v.id, CASE WHEN v.tq > 0 THEN t_id[v.tq] ELSE s_id[-v.tq] END, v.ord, a_id[v.ap],
               CASE WHEN v.debit THEN 'DEBIT' ELSE 'CREDIT' END, v.amount, a_cur[v.ap], a_scale[v.ap], v.pending,
               v.at, v.after, v.ver, CASE WHEN v.tq > 0 THEN t_date[v.tq] ELSE v_s_date[-v.tq] END,
               decode(v.hash, 'hex')
          FROM unnest(e_id, e_tq, e_ord, e_ap, e_debit, e_amount, e_pending, e_at, e_after, e_ver, e_hash)
               AS v(id, tq, ord, ap, debit, amount, pending, at, after, ver, hash);
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

REVOKE ALL ON FUNCTION post_batch(uuid[], text[], smallint[], boolean[], bigint[], bigint[], bigint[],
    bigint[], bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[],
    timestamptz[], text[], text[], timestamptz[], uuid[], text[], uuid[], text[], timestamptz[], text[], uuid[],
    integer[], integer[], integer[], boolean[], bigint[], boolean[], timestamptz[], bigint[], bigint[], text[]) FROM PUBLIC;

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
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', 'post_batch(uuid[], text[], smallint[], boolean[], bigint[], bigint[], bigint[], bigint[], bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[], timestamptz[], text[], text[], timestamptz[], uuid[], text[], uuid[], text[], timestamptz[], text[], uuid[], integer[], integer[], integer[], boolean[], bigint[], boolean[], timestamptz[], bigint[], bigint[], text[])', v_role);
        EXECUTE format('GRANT SELECT ON hash_chain_checkpoints TO %I', v_role);
        EXECUTE format('GRANT INSERT (account_id, verified_through, verified_hash, verified_at), '
            'UPDATE (verified_through, verified_hash, verified_at) ON hash_chain_checkpoints TO %I', v_role);
    END LOOP;
END
$$;

DROP FUNCTION post_batch(uuid[], text[], smallint[], boolean[], bigint[], bigint[], bigint[],
    bigint[], bigint[], text[], bigint[], bigint[], bigint[], bigint[], bigint[], uuid[], text[], text[], text[], date[],
    timestamptz[], text[], text[], timestamptz[], uuid[], uuid[], text[], timestamptz[], uuid[], integer[], integer[],
    integer[], boolean[], bigint[], boolean[], timestamptz[], bigint[], bigint[]);

-- 4. A transaction's digest changes only with the commit of a hold.
CREATE OR REPLACE FUNCTION check_transaction_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.status = 'PENDING'
        AND NEW.status IN ('POSTED', 'VOIDED')
        AND (NEW.status = 'POSTED' OR NEW.digest IS NOT DISTINCT FROM OLD.digest)
        AND (to_jsonb(NEW) - 'status' - 'settled_at' - 'digest') = (to_jsonb(OLD) - 'status' - 'settled_at' - 'digest') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger transactions are append-only: % of transaction % (%) is not allowed',
        TG_OP, OLD.id, OLD.status
        USING ERRCODE = 'restrict_violation',
              HINT = 'Only a PENDING transaction may become POSTED or VOIDED; only its commit renews its digest.';
END
$$;
