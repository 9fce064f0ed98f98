package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.loan.internal.LoanChecks;

/**
 * The outcome of a disbursement or an interest accrual.
 *
 * @param loan        the loan after it
 * @param transaction the ledger transaction that booked it
 * @param replayed    true when the same request had already been booked and nothing was written
 */
public record LoanPosting(Loan loan, Transaction transaction, boolean replayed) {

  /** Checks the fields. */
  public LoanPosting {
    Checks.notNull(loan, "loan");
    Checks.notNull(transaction, "transaction");
  }
}
