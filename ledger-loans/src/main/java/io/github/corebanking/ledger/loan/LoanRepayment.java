package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A repayment booked on a loan and how it was allocated to installments.
 *
 * @param reference     the caller's reference, unique per loan
 * @param transactionId the ledger transaction that booked it
 * @param valueDate     the day the money was received; it counts in aging reports from that day
 * @param amount        the amount repaid
 * @param allocations   per installment, oldest first; they sum to the amount
 * @param recordedAt    when the loan book recorded it
 */
public record LoanRepayment(String reference, TransactionId transactionId, LocalDate valueDate, Money amount,
    List<InstallmentAllocation> allocations, Instant recordedAt) {

  /** Checks the fields; the allocations must sum to the amount. */
  public LoanRepayment {
    LoanChecks.reference(reference, "repayment.reference");
    Checks.notNull(transactionId, "repayment.transactionId");
    Checks.notNull(valueDate, "repayment.valueDate");
    LoanChecks.positive(amount, "repayment.amount");
    allocations = List.copyOf(Checks.notNull(allocations, "repayment.allocations"));
    Checks.notNull(recordedAt, "repayment.recordedAt");
    Money sum = Money.zero(amount.currency());
    for (InstallmentAllocation a : allocations) {
      sum = sum.plus(a.total());
    }
    if (!sum.equals(amount)) {
      throw new InvalidRequestException("repayment.allocations", sum,
          "do not sum to the repayment's amount " + amount);
    }
  }

  /** @return the principal part of the repayment */
  public Money principal() {
    Money sum = Money.zero(amount.currency());
    for (InstallmentAllocation a : allocations) {
      sum = sum.plus(a.principal());
    }
    return sum;
  }

  /** @return the interest part of the repayment */
  public Money interest() {
    return amount.minus(principal());
  }
}
