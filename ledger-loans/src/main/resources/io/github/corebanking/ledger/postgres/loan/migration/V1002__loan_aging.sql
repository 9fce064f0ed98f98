-- Core Banking Ledger, loan book, PostgreSQL schema version 2: the loan-aging query and the
-- loan_aging materialized view.
--
-- loan_aging_as_of(day) is the one definition of aging. For a day d it returns one row per loan
-- disbursed on or before d and not closed on or before d, with
--   outstanding_principal  principal not repaid by the end of d,
--   overdue                principal and interest of installments due before d and unpaid at its end,
--   days_past_due          d less the due date of the oldest such installment (0 when none),
--   oldest_unpaid_due_date that due date (null when none).
-- Repayments value-dated after d are set aside: their allocations are added back. For today
-- there are none, so the query reads only the loans and their unpaid installments (partial index).
CREATE FUNCTION loan_aging_as_of(p_as_of date)
    RETURNS TABLE (
        loan_id                text,
        borrower_reference     text,
        currency               text,
        currency_scale         smallint,
        outstanding_principal  bigint,
        overdue                bigint,
        days_past_due          integer,
        oldest_unpaid_due_date date)
    LANGUAGE sql
    STABLE
    SET search_path FROM CURRENT
AS $$
    WITH late AS (
        SELECT a.loan_id, a.installment_number, a.principal, a.interest
        FROM loan_allocations a
        WHERE a.value_date > p_as_of
    ),
    unpaid AS (
        SELECT i.loan_id, i.due_date,
               (i.principal_due - i.principal_paid) + (i.interest_due - i.interest_paid) AS amount
        FROM loan_installments i
        WHERE i.unpaid
          AND i.due_date < p_as_of
        UNION ALL
        SELECT l.loan_id, i.due_date, l.principal + l.interest
        FROM late l
        JOIN loan_installments i ON i.loan_id = l.loan_id AND i.number = l.installment_number
        WHERE i.due_date < p_as_of
    ),
    overdue AS (
        SELECT u.loan_id, sum(u.amount) AS overdue, min(u.due_date) AS oldest
        FROM unpaid u
        GROUP BY u.loan_id
    ),
    late_principal AS (
        SELECT l.loan_id, sum(l.principal) AS principal
        FROM late l
        GROUP BY l.loan_id
    )
    SELECT l.loan_id,
           l.borrower_reference,
           l.currency,
           l.currency_scale,
           (l.principal - l.principal_paid + coalesce(lp.principal, 0))::bigint,
           coalesce(o.overdue, 0)::bigint,
           coalesce(p_as_of - o.oldest, 0),
           o.oldest
    FROM loans l
    LEFT JOIN overdue o ON o.loan_id = l.loan_id
    LEFT JOIN late_principal lp ON lp.loan_id = l.loan_id
    WHERE l.status <> 'REGISTERED'
      AND l.disbursement_date <= p_as_of
      AND (l.closed_on IS NULL OR l.closed_on > p_as_of)
$$;

-- The day the view was last computed for, and when. One row; RefreshLoanAgingJob sets it in the
-- same transaction as it refreshes the view, so readers see both change together.
-- '-infinity' with no refreshed_at means "never refreshed".
CREATE TABLE loan_aging_refresh (
    id           boolean     NOT NULL DEFAULT true,
    as_of        date        NOT NULL,
    refreshed_at timestamptz,
    loans        bigint      NOT NULL DEFAULT 0,
    CONSTRAINT loan_aging_refresh_pkey PRIMARY KEY (id),
    CONSTRAINT loan_aging_refresh_one_row CHECK (id)
);

INSERT INTO loan_aging_refresh (as_of, refreshed_at) VALUES ('-infinity', NULL);

-- Aging as of the day in loan_aging_refresh. The unique index lets REFRESH ... CONCURRENTLY
-- replace rows without blocking readers.
CREATE MATERIALIZED VIEW loan_aging AS
    SELECT r.as_of, a.*
    FROM loan_aging_refresh r
    CROSS JOIN LATERAL loan_aging_as_of(r.as_of) a;

CREATE UNIQUE INDEX loan_aging_loan_id_key ON loan_aging (loan_id);
