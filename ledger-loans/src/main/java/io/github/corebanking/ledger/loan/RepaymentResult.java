package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.loan.internal.LoanChecks;

/**
 * The outcome of a repayment.
 *
 * @param loan        the loan after it
 * @param repayment   the repayment and its allocation to installments
 * @param transaction the ledger transaction that booked it
 * @param replayed    true when the same request had already been booked and nothing was written
 */
public record RepaymentResult(Loan loan, LoanRepayment repayment, Transaction transaction, boolean replayed) {

  /** Checks the fields. */
  public RepaymentResult {
    Checks.notNull(loan, "loan");
    Checks.notNull(repayment, "repayment");
    Checks.notNull(transaction, "transaction");
  }
}
