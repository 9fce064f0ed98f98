-- Core Banking Ledger, loan book, PostgreSQL schema version 1: loans, installments, the
-- accruals and repayments booked on them, and the allocation of repayments to installments.
--
-- Names are unqualified: run this script with search_path set to the ledger's schema, after the
-- ledger's own migrations (loans reference its accounts table). PostgresLoanSchema.migrate does
-- both. Money is bigint minor units in the loan's currency.

-- One row per loan. principal_paid is the sum of the principal allocated so far, kept with each
-- repayment so the aging query need not add up every installment.
CREATE TABLE loans (
    loan_id                     text        NOT NULL,
    borrower_reference          text        NOT NULL,
    receivable_account_id       uuid        NOT NULL,
    currency                    text        NOT NULL,
    currency_scale              smallint    NOT NULL,
    principal                   bigint      NOT NULL,
    principal_paid              bigint      NOT NULL DEFAULT 0,
    disbursement_date           date        NOT NULL,
    allocation_order            text        NOT NULL,
    status                      text        NOT NULL,
    disbursement_transaction_id uuid,
    closed_on                   date,
    registered_at               timestamptz NOT NULL,
    version                     bigint      NOT NULL,
    CONSTRAINT loans_pkey PRIMARY KEY (loan_id),
    CONSTRAINT loans_receivable_account_key UNIQUE (receivable_account_id),
    CONSTRAINT loans_receivable_account_fkey FOREIGN KEY (receivable_account_id) REFERENCES accounts (id),
    CONSTRAINT loans_status_check CHECK (status IN ('REGISTERED', 'ACTIVE', 'CLOSED')),
    CONSTRAINT loans_allocation_order_check CHECK (allocation_order IN ('INTEREST_FIRST', 'PRINCIPAL_FIRST')),
    CONSTRAINT loans_principal_check CHECK (principal > 0 AND principal_paid BETWEEN 0 AND principal),
    CONSTRAINT loans_scale_check CHECK (currency_scale BETWEEN 0 AND 18),
    CONSTRAINT loans_disbursed_check CHECK (status <> 'ACTIVE' OR disbursement_transaction_id IS NOT NULL),
    CONSTRAINT loans_closed_check CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL)),
    CONSTRAINT loans_version_check CHECK (version >= 1)
);

-- The schedule, with what has been paid on each installment (the sum of its allocations).
CREATE TABLE loan_installments (
    loan_id        text    NOT NULL,
    number         integer NOT NULL,
    due_date       date    NOT NULL,
    principal_due  bigint  NOT NULL,
    interest_due   bigint  NOT NULL,
    principal_paid bigint  NOT NULL DEFAULT 0,
    interest_paid  bigint  NOT NULL DEFAULT 0,
    -- Kept by the database; a column of its own gives the planner true statistics on how many
    -- installments are unpaid, which a condition over two column pairs would not.
    unpaid         boolean GENERATED ALWAYS AS (principal_paid < principal_due OR interest_paid < interest_due) STORED,
    CONSTRAINT loan_installments_pkey PRIMARY KEY (loan_id, number),
    CONSTRAINT loan_installments_loan_fkey FOREIGN KEY (loan_id) REFERENCES loans (loan_id),
    CONSTRAINT loan_installments_number_check CHECK (number >= 1),
    CONSTRAINT loan_installments_amounts_check CHECK (principal_due >= 0 AND interest_due >= 0
        AND principal_paid BETWEEN 0 AND principal_due AND interest_paid BETWEEN 0 AND interest_due)
) WITH (fillfactor = 80); -- paid amounts change with repayments: leave room for HOT updates

-- Aging only looks at installments that are not fully paid: a partial index keeps that set small
-- however long the book's history grows.
CREATE INDEX loan_installments_unpaid_idx ON loan_installments (due_date, loan_id)
    INCLUDE (principal_due, principal_paid, interest_due, interest_paid)
    WHERE unpaid;

-- Accruals and repayments booked on a loan, one per ledger transaction; seq keeps booking order.
CREATE TABLE loan_transactions (
    seq            bigint      GENERATED ALWAYS AS IDENTITY,
    loan_id        text        NOT NULL,
    kind           text        NOT NULL,
    reference      text        NOT NULL,
    transaction_id uuid        NOT NULL,
    value_date     date        NOT NULL,
    amount         bigint      NOT NULL,
    recorded_at    timestamptz NOT NULL,
    CONSTRAINT loan_transactions_pkey PRIMARY KEY (loan_id, kind, reference),
    CONSTRAINT loan_transactions_transaction_key UNIQUE (transaction_id),
    CONSTRAINT loan_transactions_loan_fkey FOREIGN KEY (loan_id) REFERENCES loans (loan_id),
    CONSTRAINT loan_transactions_kind_check CHECK (kind IN ('ACCRUAL', 'REPAYMENT')),
    CONSTRAINT loan_transactions_amount_check CHECK (amount > 0)
);

-- How each repayment was split over installments. value_date repeats the repayment's so that an
-- aging report for an earlier day can set aside what was paid after it.
CREATE TABLE loan_allocations (
    transaction_id     uuid    NOT NULL,
    installment_number integer NOT NULL,
    loan_id            text    NOT NULL,
    value_date         date    NOT NULL,
    principal          bigint  NOT NULL,
    interest           bigint  NOT NULL,
    CONSTRAINT loan_allocations_pkey PRIMARY KEY (transaction_id, installment_number),
    CONSTRAINT loan_allocations_transaction_fkey FOREIGN KEY (transaction_id)
        REFERENCES loan_transactions (transaction_id),
    CONSTRAINT loan_allocations_installment_fkey FOREIGN KEY (loan_id, installment_number)
        REFERENCES loan_installments (loan_id, number),
    CONSTRAINT loan_allocations_amounts_check CHECK (principal >= 0 AND interest >= 0 AND principal + interest > 0)
);

CREATE INDEX loan_allocations_loan_idx ON loan_allocations (loan_id);
CREATE INDEX loan_allocations_value_date_idx ON loan_allocations (value_date);

-- Booked accruals, repayments and their allocations are history: never updated or deleted.
CREATE FUNCTION loan_history_is_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION '% on %.% is not allowed: loan history is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER loan_transactions_append_only BEFORE UPDATE OR DELETE ON loan_transactions
    FOR EACH ROW EXECUTE FUNCTION loan_history_is_append_only();
CREATE TRIGGER loan_allocations_append_only BEFORE UPDATE OR DELETE ON loan_allocations
    FOR EACH ROW EXECUTE FUNCTION loan_history_is_append_only();
