-- Core Banking Ledger, PostgreSQL schema version 11: account categories.
--
-- categories is the chart of accounts' tree (assets > cash > ...): each category has a unique
-- code, a normal side its balance is read on, and an optional parent. category_accounts places
-- accounts in categories; an account may be in several. A category's balance is read in one
-- statement: a recursive walk down the tree from the category, the distinct accounts placed in it,
-- and their counters (or, as of an instant, their snapshots and entries).
--
-- Every category write (create, move, delete, place or remove an account) holds the category lock
-- (lock_categories(), a transaction-level advisory lock) while it checks the tree and writes, so
-- two writes never see the tree half changed. The guard trigger takes the same lock and refuses,
-- for every role, a parent that is the category itself or below it (a cycle), and any change of a
-- category's id, code, normal side or creation time. Foreign keys refuse deleting a category that
-- still has sub-categories or accounts. The runtime role may insert and delete categories and
-- memberships and update parent_id only (PostgresLedgerSchema.runtimeGrants).

CREATE TABLE categories (
    id          uuid        NOT NULL,
    code        text        NOT NULL,
    name        text        NOT NULL,
    normal_side text        NOT NULL,
    parent_id   uuid,
    created_at  timestamptz NOT NULL,
    CONSTRAINT categories_pkey PRIMARY KEY (id),
    CONSTRAINT categories_code_key UNIQUE (code),
    CONSTRAINT categories_parent_fkey FOREIGN KEY (parent_id) REFERENCES categories (id),
    CONSTRAINT categories_side_check CHECK (normal_side IN ('DEBIT', 'CREDIT')),
    CONSTRAINT categories_not_own_parent_check CHECK (parent_id IS DISTINCT FROM id)
);

-- The walk down the tree reads children by parent.
CREATE INDEX categories_parent_idx ON categories (parent_id);

CREATE TABLE category_accounts (
    category_id uuid NOT NULL,
    account_id  uuid NOT NULL,
    CONSTRAINT category_accounts_pkey PRIMARY KEY (category_id, account_id),
    CONSTRAINT category_accounts_category_fkey FOREIGN KEY (category_id) REFERENCES categories (id),
    CONSTRAINT category_accounts_account_fkey FOREIGN KEY (account_id) REFERENCES accounts (id)
);

-- An account's categories (and the foreign key's check when an account row is locked).
CREATE INDEX category_accounts_account_idx ON category_accounts (account_id);

-- lock_categories(): the category lock, held until the transaction ends; keyed like the period
-- lock, on this schema's table.
CREATE FUNCTION lock_categories() RETURNS void
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1818584142,
        CAST(CAST(CAST(CAST('categories' AS regclass) AS oid) AS bigint) % 2147483647 AS integer));
END
$$;

CREATE FUNCTION categories_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.id IS DISTINCT FROM OLD.id OR NEW.code IS DISTINCT FROM OLD.code
        OR NEW.normal_side IS DISTINCT FROM OLD.normal_side OR NEW.created_at IS DISTINCT FROM OLD.created_at) THEN
        RAISE EXCEPTION 'category %: only its parent and name may change', OLD.code
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.parent_id IS NOT NULL THEN
        PERFORM lock_categories();
        -- UNION, not UNION ALL: the walk ends even over a cycle it is about to refuse.
        IF EXISTS (WITH RECURSIVE up (id) AS (
                       SELECT NEW.parent_id
                       UNION
                       SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)
                   SELECT 1 FROM up WHERE up.id = NEW.id) THEN
            RAISE EXCEPTION 'category %: parent % is the category itself or below it (a cycle)', NEW.code, NEW.parent_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER categories_guard
    BEFORE INSERT OR UPDATE ON categories
    FOR EACH ROW
    EXECUTE FUNCTION categories_guard();
