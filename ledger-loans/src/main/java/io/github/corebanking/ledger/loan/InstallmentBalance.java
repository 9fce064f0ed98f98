package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.LocalDate;

/**
 * An installment with what has been paid on it.
 *
 * @param installment   the scheduled installment
 * @param principalPaid principal paid so far, at most the principal due
 * @param interestPaid  interest paid so far, at most the interest due
 */
public record InstallmentBalance(Installment installment, Money principalPaid, Money interestPaid) {

  /** Checks that nothing is overpaid. */
  public InstallmentBalance {
    Checks.notNull(installment, "installment");
    Checks.notNull(principalPaid, "principalPaid");
    Checks.notNull(interestPaid, "interestPaid");
    if (principalPaid.isNegative() || principalPaid.compareTo(installment.principalDue()) > 0) {
      throw new InvalidAmountException("schedule[" + installment.number() + "].principalPaid", principalPaid,
          "must be between zero and the principal due " + installment.principalDue());
    }
    if (interestPaid.isNegative() || interestPaid.compareTo(installment.interestDue()) > 0) {
      throw new InvalidAmountException("schedule[" + installment.number() + "].interestPaid", interestPaid,
          "must be between zero and the interest due " + installment.interestDue());
    }
  }

  /** @return the installment's number */
  public int number() {
    return installment.number();
  }

  /** @return the installment's due date */
  public LocalDate dueDate() {
    return installment.dueDate();
  }

  /** @return principal still unpaid */
  public Money principalOutstanding() {
    return installment.principalDue().minus(principalPaid);
  }

  /** @return interest still unpaid */
  public Money interestOutstanding() {
    return installment.interestDue().minus(interestPaid);
  }

  /** @return principal and interest still unpaid */
  public Money outstanding() {
    return principalOutstanding().plus(interestOutstanding());
  }

  /** @return whether nothing is left to pay */
  public boolean isPaid() {
    return outstanding().isZero();
  }

  /**
   * Whether the installment is past due on a day: due before it and not fully paid.
   *
   * @param asOf the day
   * @return true when past due
   */
  public boolean isPastDue(LocalDate asOf) {
    return dueDate().isBefore(asOf) && !isPaid();
  }
}
