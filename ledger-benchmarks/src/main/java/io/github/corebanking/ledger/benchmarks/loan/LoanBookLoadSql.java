package io.github.corebanking.ledger.benchmarks.loan;

import java.time.LocalDate;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Set-based SQL that fills a loan book for {@link LoanAgingBenchmark}: receivable accounts, loans,
 * equal-principal monthly schedules, a year of repayments with their allocations, and the paid
 * amounts they leave on installments and loans. {@code <schema>} is the validated, quoted schema
 * defined on the Jdbi handle.
 *
 * <p>Loan {@code i} lends between 1,000.00 and 10,000.00 USD, disbursed 365 to 338 days before
 * the benchmark's day, over {@code installments} monthly installments with 1 % interest a month on
 * the outstanding principal. How it was repaid depends on {@code i % 20}: 0 to 13 paid every
 * installment on its due date; 14 and 15 paid the first {@code (i / 20) % 12} installments and stopped;
 * 16 paid each installment 20 days late; 17 paid half of each installment; 18 paid two
 * installments and then everything in one early repayment; 19 never paid.
 */
interface LoanBookLoadSql {

  @SqlUpdate("""
      INSERT INTO <schema>.accounts (id, code, name, type, currency, currency_scale, status, created_at)
      SELECT CAST('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0') AS uuid),
             '1200-B' || lpad(CAST(i AS text), 7, '0'), 'Loan receivable ' || i, 'ASSET', 'USD', 2, 'OPEN', now()
      FROM generate_series(1, :loans) AS i
      """)
  int insertAccounts(@Bind("loans") int loans);

  @SqlUpdate("""
      INSERT INTO <schema>.loans (loan_id, borrower_reference, receivable_account_id, currency, currency_scale,
          principal, disbursement_date, allocation_order, status, disbursement_transaction_id, registered_at, version)
      SELECT 'B' || lpad(CAST(i AS text), 7, '0'), 'borrower-' || i,
             CAST('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0') AS uuid), 'USD', 2,
             100000 + (CAST(i AS bigint) * 7919) % 900001,
             CAST(:today AS date) - 365 + i % 28, 'INTEREST_FIRST', 'ACTIVE', gen_random_uuid(), now(), 2
      FROM generate_series(1, :loans) AS i
      """)
  int insertLoans(@Bind("loans") int loans, @Bind("today") LocalDate today);

  @SqlUpdate("""
      INSERT INTO <schema>.loan_installments (loan_id, number, due_date, principal_due, interest_due)
      SELECT l.loan_id, n,
             CAST(l.disbursement_date + make_interval(months => n) AS date),
             CASE WHEN n < :installments THEN l.principal / :installments
                  ELSE l.principal - (:installments - 1) * (l.principal / :installments) END,
             round((l.principal - (n - 1) * (l.principal / :installments)) * 0.01)
      FROM <schema>.loans l
      CROSS JOIN generate_series(1, :installments) AS n
      """)
  int insertInstallments(@Bind("installments") int installments);

  @SqlUpdate("""
      CREATE TEMPORARY TABLE bench_pay AS
      WITH plan AS (
          SELECT i.loan_id, i.number, i.due_date, i.principal_due, i.interest_due,
                 CAST(substr(i.loan_id, 2) AS int) % 20 AS behaviour,
                 (CAST(substr(i.loan_id, 2) AS int) / 20) % 12 AS paid_months
          FROM <schema>.loan_installments i
      ),
      payoff AS (
          SELECT loan_id, due_date AS payoff_date FROM plan WHERE behaviour = 18 AND number = 3
      ),
      paid AS (
          SELECT p.loan_id, p.number, p.due_date AS pay_date, p.principal_due AS principal, p.interest_due AS interest,
                 CAST(p.number AS text) AS tx
          FROM plan p
          WHERE (p.behaviour <= 13 OR (p.behaviour IN (14, 15) AND p.number <= p.paid_months)
                 OR (p.behaviour = 18 AND p.number <= 2))
            AND p.due_date <= :today
          UNION ALL
          SELECT p.loan_id, p.number, p.due_date + 20, p.principal_due, p.interest_due, CAST(p.number AS text)
          FROM plan p
          WHERE p.behaviour = 16 AND p.due_date + 20 <= :today
          UNION ALL
          SELECT p.loan_id, p.number, p.due_date,
                 (p.principal_due + p.interest_due) / 2 - least((p.principal_due + p.interest_due) / 2, p.interest_due),
                 least((p.principal_due + p.interest_due) / 2, p.interest_due), CAST(p.number AS text)
          FROM plan p
          WHERE p.behaviour = 17 AND p.due_date <= :today
          UNION ALL
          SELECT p.loan_id, p.number, o.payoff_date, p.principal_due, p.interest_due, 'payoff'
          FROM plan p JOIN payoff o ON o.loan_id = p.loan_id
          WHERE p.number >= 3 AND o.payoff_date <= :today
      )
      SELECT * FROM paid WHERE principal + interest > 0
      """)
  void planRepayments(@Bind("today") LocalDate today);

  @SqlUpdate("""
      INSERT INTO <schema>.loan_transactions (loan_id, kind, reference, transaction_id, value_date, amount, recorded_at)
      SELECT loan_id, 'REPAYMENT', 'r-' || tx, gen_random_uuid(), min(pay_date), sum(principal + interest), now()
      FROM bench_pay
      GROUP BY loan_id, tx
      """)
  int insertRepayments();

  @SqlUpdate("""
      INSERT INTO <schema>.loan_allocations (transaction_id, installment_number, loan_id, value_date, principal, interest)
      SELECT t.transaction_id, p.number, p.loan_id, p.pay_date, p.principal, p.interest
      FROM bench_pay p
      JOIN <schema>.loan_transactions t
        ON t.loan_id = p.loan_id AND t.kind = 'REPAYMENT' AND t.reference = 'r-' || p.tx
      """)
  int insertAllocations();

  @SqlUpdate("""
      UPDATE <schema>.loan_installments i
      SET principal_paid = p.principal, interest_paid = p.interest
      FROM bench_pay p
      WHERE i.loan_id = p.loan_id AND i.number = p.number
      """)
  int markInstallmentsPaid();

  @SqlUpdate("""
      UPDATE <schema>.loans l
      SET principal_paid = s.principal, version = 2 + s.repayments
      FROM (SELECT loan_id, sum(principal) AS principal, count(DISTINCT tx) AS repayments
            FROM bench_pay GROUP BY loan_id) s
      WHERE l.loan_id = s.loan_id
      """)
  int markLoansPaid();

  @SqlUpdate("DROP TABLE bench_pay")
  void dropPlan();

  @SqlUpdate("VACUUM (ANALYZE) <schema>.loans, <schema>.loan_installments, <schema>.loan_transactions, <schema>.loan_allocations")
  void vacuumAnalyze();

  /** Bulk-load mode for this session: foreign-key and append-only triggers do not fire (superuser only). */
  @SqlUpdate("SET session_replication_role = replica")
  void skipTriggers();

  @SqlUpdate("RESET session_replication_role")
  void restoreTriggers();
}
