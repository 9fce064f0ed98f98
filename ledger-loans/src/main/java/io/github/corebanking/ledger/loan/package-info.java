/**
 * Loans as a first-class part of the ledger: a loan book with repayment schedules, allocation of
 * repayments to installments, and the loan-aging report.
 *
 * <p>Start at {@link io.github.corebanking.ledger.loan.LoanBook}. Disbursement, interest accrual
 * and repayment are ordinary ledger postings, booked through the
 * {@link io.github.corebanking.ledger.Ledger} and tagged with the loan's id in their metadata;
 * the loan's schedule and the allocation of each repayment live in a
 * {@link io.github.corebanking.ledger.loan.spi.LoanStore}.
 */
@NullMarked
package io.github.corebanking.ledger.loan;

import org.jspecify.annotations.NullMarked;
