package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;

/**
 * The part of a repayment that went to one installment.
 *
 * @param installmentNumber the installment
 * @param principal         principal paid, zero or more
 * @param interest          interest paid, zero or more
 */
public record InstallmentAllocation(int installmentNumber, Money principal, Money interest) {

  /** Checks the fields; at least one amount is positive. */
  public InstallmentAllocation {
    if (installmentNumber < 1) {
      throw new InvalidRequestException("allocation.installmentNumber", installmentNumber, "must be 1 or more");
    }
    LoanChecks.notNegative(principal, "allocation.principal");
    LoanChecks.notNegative(interest, "allocation.interest");
    if (principal.plus(interest).isZero()) {
      throw new InvalidRequestException("allocation", installmentNumber, "allocates nothing");
    }
  }

  /** @return principal plus interest */
  public Money total() {
    return principal.plus(interest);
  }
}
