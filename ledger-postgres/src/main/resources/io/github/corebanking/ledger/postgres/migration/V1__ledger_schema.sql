-- Core Banking Ledger, PostgreSQL schema version 1.
--
-- Names are unqualified: run this script with search_path set to the ledger's schema
-- (PostgresLedgerSchema.migrate does so; Flyway: schemas/defaultSchema; Liquibase:
-- defaultSchemaName). Functions capture that search_path when created (SET search_path FROM
-- CURRENT), so they always work on the schema they were created in. One schema = one ledger.
--
-- Money is stored as bigint minor units; instants as timestamptz (microseconds).

-- Accounts: the definition and the four denormalized balance counters, updated in the same
-- database transaction as the entries that move them. "version" grows by one with every posting,
-- commit or void touching the account.
CREATE TABLE accounts (
    id                             uuid        NOT NULL,
    code                           text        NOT NULL,
    name                           text        NOT NULL,
    type                           text        NOT NULL,
    currency                       text        NOT NULL,
    currency_scale                 smallint    NOT NULL,
    status                         text        NOT NULL,
    debits_must_not_exceed_credits boolean     NOT NULL DEFAULT false,
    credits_must_not_exceed_debits boolean     NOT NULL DEFAULT false,
    metadata                       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at                     timestamptz NOT NULL,
    posted_debits                  bigint      NOT NULL DEFAULT 0,
    posted_credits                 bigint      NOT NULL DEFAULT 0,
    pending_debits                 bigint      NOT NULL DEFAULT 0,
    pending_credits                bigint      NOT NULL DEFAULT 0,
    version                        bigint      NOT NULL DEFAULT 0,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_code_key UNIQUE (code),
    CONSTRAINT accounts_type_check CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE')),
    CONSTRAINT accounts_status_check CHECK (status IN ('OPEN', 'FROZEN', 'CLOSED')),
    CONSTRAINT accounts_scale_check CHECK (currency_scale BETWEEN 0 AND 18),
    CONSTRAINT accounts_flags_check CHECK (NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)),
    CONSTRAINT accounts_counters_check CHECK (posted_debits >= 0 AND posted_credits >= 0
        AND pending_debits >= 0 AND pending_credits >= 0 AND version >= 0)
) WITH (fillfactor = 70); -- counters change on every posting: leave room for HOT updates

-- Transactions (journal entries). A row is inserted once; the only update ever allowed is a
-- PENDING transaction becoming POSTED or VOIDED (with settled_at set), enforced by a trigger below.
-- A reversal points at its original through "reverses" (unique: reversed at most once), so the
-- original row never changes.
CREATE TABLE transactions (
    id              uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    description     text        NOT NULL,
    effective_date  date        NOT NULL,
    posted_at       timestamptz NOT NULL,
    status          text        NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    expires_at      timestamptz,
    reverses        uuid,
    settled_at      timestamptz,
    CONSTRAINT transactions_pkey PRIMARY KEY (id),
    CONSTRAINT transactions_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT transactions_reverses_key UNIQUE (reverses),
    CONSTRAINT transactions_reverses_fkey FOREIGN KEY (reverses) REFERENCES transactions (id),
    CONSTRAINT transactions_status_check CHECK (status IN ('PENDING', 'POSTED', 'VOIDED'))
);

-- Expiry job: pending holds by expiry.
CREATE INDEX transactions_pending_expiry_idx ON transactions (expires_at, id)
    WHERE status = 'PENDING' AND expires_at IS NOT NULL;

-- Entries: append-only, range-partitioned by month (UTC) on posted_at. Each row carries the
-- account's posted balance (normal side) and version right after it. Partitions are named
-- entries_YYYY_MM and created by ensure_entries_partition (below), ahead of time by the
-- EnsurePartitionsJob and on demand by the store. The indexes are declared on the parent, so
-- every partition gets its own (account_id, posted_at) and (transaction_id) indexes.
CREATE TABLE entries (
    id              uuid        NOT NULL,
    transaction_id  uuid        NOT NULL,
    ordinal         integer     NOT NULL,
    account_id      uuid        NOT NULL,
    side            text        NOT NULL,
    amount          bigint      NOT NULL,
    currency        text        NOT NULL,
    currency_scale  smallint    NOT NULL,
    pending         boolean     NOT NULL,
    posted_at       timestamptz NOT NULL,
    balance_after   bigint      NOT NULL,
    account_version bigint      NOT NULL,
    CONSTRAINT entries_pkey PRIMARY KEY (id, posted_at),
    CONSTRAINT entries_side_check CHECK (side IN ('DEBIT', 'CREDIT')),
    CONSTRAINT entries_amount_check CHECK (amount > 0),
    CONSTRAINT entries_ordinal_check CHECK (ordinal >= 0)
) PARTITION BY RANGE (posted_at);

CREATE INDEX entries_account_posted_idx ON entries (account_id, posted_at);
CREATE INDEX entries_transaction_idx ON entries (transaction_id);

-- Daily balance snapshots: the posted counters of an account as of the end instant "as_of" of
-- snapshot_date (every entry with posted_at <= as_of is counted). balanceAsOf(t) reads the latest
-- snapshot with as_of <= t and adds the posted entries in (as_of, t]. account_version is the
-- version of the last posted entry counted (0 when none).
CREATE TABLE balance_snapshots (
    account_id      uuid        NOT NULL,
    snapshot_date   date        NOT NULL,
    as_of           timestamptz NOT NULL,
    posted_debits   bigint      NOT NULL,
    posted_credits  bigint      NOT NULL,
    account_version bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT balance_snapshots_pkey PRIMARY KEY (account_id, snapshot_date),
    CONSTRAINT balance_snapshots_counters_check CHECK (posted_debits >= 0 AND posted_credits >= 0
        AND account_version >= 0)
);

CREATE INDEX balance_snapshots_date_idx ON balance_snapshots (snapshot_date);

-- Maintenance job runs, one row per run, for operators and health checks.
CREATE TABLE job_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    job_name    text        NOT NULL,
    status      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    duration_ms bigint      NOT NULL,
    counts      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    message     text        NOT NULL DEFAULT '',
    CONSTRAINT job_runs_pkey PRIMARY KEY (id),
    CONSTRAINT job_runs_status_check CHECK (status IN ('SUCCEEDED', 'SKIPPED', 'FAILED')),
    CONSTRAINT job_runs_duration_check CHECK (duration_ms >= 0)
);

CREATE INDEX job_runs_job_started_idx ON job_runs (job_name, started_at DESC);

-- ensure_entries_partition(p_month date) RETURNS boolean
--
-- Creates the entries partition for the UTC calendar month containing p_month, named
-- entries_YYYY_MM and covering [first day 00:00 UTC, first day of next month 00:00 UTC).
-- Idempotent and safe to call concurrently (serialized by a transaction-level advisory lock per
-- schema): returns true when it created the partition, false when it already existed.
-- Used by the store on demand and by EnsurePartitionsJob ahead of time, e.g.
--   SELECT ensure_entries_partition(date '2026-03-01');
-- SECURITY DEFINER: creating a partition needs ownership of "entries", which a runtime role
-- should not have; grant it EXECUTE on this function instead (its search_path is pinned).
CREATE FUNCTION ensure_entries_partition(p_month date) RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_schema text := current_schema();
    v_start  date := date_trunc('month', p_month)::date;
    v_end    date := (date_trunc('month', p_month) + interval '1 month')::date;
    v_name   text := 'entries_' || to_char(date_trunc('month', p_month), 'YYYY_MM');
BEGIN
    IF p_month IS NULL THEN
        RAISE EXCEPTION 'p_month must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF to_regclass(format('%I.%I', v_schema, v_name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('corebanking-ledger:partitions:' || v_schema, 0));
    IF to_regclass(format('%I.%I', v_schema, v_name)) IS NOT NULL THEN
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
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
        -- Created by another session since the check above (its catalog change was not yet visible).
        RETURN false;
    END;
    RETURN true;
END
$$;

-- ensure_entries_partitions(p_from date, p_months integer) RETURNS integer
--
-- ensure_entries_partition for p_months consecutive months starting with the month of p_from;
-- returns how many partitions it created.
CREATE FUNCTION ensure_entries_partitions(p_from date, p_months integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_created integer := 0;
BEGIN
    IF p_months IS NULL OR p_months < 0 OR p_months > 1200 THEN
        RAISE EXCEPTION 'p_months % must be between 0 and 1200', p_months USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 0 .. p_months - 1 LOOP
        IF ensure_entries_partition((date_trunc('month', p_from) + make_interval(months => i))::date) THEN
            v_created := v_created + 1;
        END IF;
    END LOOP;
    RETURN v_created;
END
$$;

REVOKE ALL ON FUNCTION ensure_entries_partition(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION ensure_entries_partitions(date, integer) FROM PUBLIC;

-- Append-only: entries are never updated, deleted or truncated.
CREATE FUNCTION reject_entry_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'Correct a posting by reversing its transaction.';
END
$$;

CREATE TRIGGER entries_append_only
    BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION reject_entry_change();

CREATE TRIGGER entries_no_truncate
    BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION reject_entry_change();

-- Transactions: no deletes; the only update is PENDING -> POSTED or VOIDED, with nothing else
-- changing except settled_at.
CREATE FUNCTION check_transaction_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.status = 'PENDING'
        AND NEW.status IN ('POSTED', 'VOIDED')
        AND (to_jsonb(NEW) - 'status' - 'settled_at') = (to_jsonb(OLD) - 'status' - 'settled_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger transactions are append-only: % of transaction % (%) is not allowed',
        TG_OP, OLD.id, OLD.status
        USING ERRCODE = 'restrict_violation',
              HINT = 'Only a PENDING transaction may become POSTED or VOIDED.';
END
$$;

CREATE TRIGGER transactions_append_only
    BEFORE UPDATE OR DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION check_transaction_change();

CREATE FUNCTION reject_transaction_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'ledger transactions are append-only: TRUNCATE of %.% is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER transactions_no_truncate
    BEFORE TRUNCATE ON transactions
    FOR EACH STATEMENT EXECUTE FUNCTION reject_transaction_truncate();
