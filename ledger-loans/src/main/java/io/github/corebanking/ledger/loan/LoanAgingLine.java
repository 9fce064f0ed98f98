package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One loan in an aging report.
 *
 * @param loanId                the loan
 * @param borrowerReference     the borrower in the caller's system
 * @param outstandingPrincipal  principal not yet repaid on the report's day
 * @param overdue               principal and interest of installments due before the report's day
 *                              and not paid by then
 * @param daysPastDue           days from the due date of the oldest unpaid installment to the
 *                              report's day; 0 when nothing is past due
 * @param oldestUnpaidDueDate   that due date, or null when nothing is past due
 * @param bucket                the bucket the days past due fall in
 */
public record LoanAgingLine(LoanId loanId, String borrowerReference, Money outstandingPrincipal, Money overdue,
    int daysPastDue, @Nullable LocalDate oldestUnpaidDueDate, AgingBucket bucket) {

  /** Checks the fields. */
  public LoanAgingLine {
    Checks.notNull(loanId, "loanId");
    Checks.notNull(borrowerReference, "borrowerReference");
    Checks.notNull(outstandingPrincipal, "outstandingPrincipal");
    Checks.notNull(overdue, "overdue");
    Checks.notNull(bucket, "bucket");
    if (daysPastDue < 0) {
      throw new InvalidRequestException("daysPastDue", daysPastDue, "must not be negative");
    }
    if ((daysPastDue == 0) != (oldestUnpaidDueDate == null)) {
      throw new InvalidRequestException("oldestUnpaidDueDate", oldestUnpaidDueDate,
          "must be set exactly when the loan is past due");
    }
    if (!bucket.contains(daysPastDue)) {
      throw new InvalidRequestException("bucket", bucket, "does not hold " + daysPastDue + " days past due");
    }
  }
}
