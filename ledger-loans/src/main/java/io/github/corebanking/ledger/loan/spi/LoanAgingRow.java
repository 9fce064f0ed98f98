package io.github.corebanking.ledger.loan.spi;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.LoanId;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One loan's aging figures on a day, as a store computes them; the loan book adds the bucket.
 *
 * @param loanId               the loan
 * @param borrowerReference    the borrower in the caller's system
 * @param outstandingPrincipal principal not repaid by the end of the day
 * @param overdue              principal and interest of installments due before the day and
 *                             not paid by its end
 * @param daysPastDue          the day less the due date of the oldest such installment; 0 when none
 * @param oldestUnpaidDueDate  that due date, or null when none
 */
public record LoanAgingRow(LoanId loanId, String borrowerReference, Money outstandingPrincipal, Money overdue,
    int daysPastDue, @Nullable LocalDate oldestUnpaidDueDate) {

  /** Checks the fields. */
  public LoanAgingRow {
    Checks.notNull(loanId, "loanId");
    Checks.notNull(borrowerReference, "borrowerReference");
    Checks.notNull(outstandingPrincipal, "outstandingPrincipal");
    Checks.notNull(overdue, "overdue");
    if (daysPastDue < 0) {
      throw new InvalidRequestException("daysPastDue", daysPastDue, "must not be negative");
    }
  }
}
