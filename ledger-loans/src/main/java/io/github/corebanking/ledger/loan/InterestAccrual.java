package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Interest recognised on a loan: a posting that debits the loan's receivable account and credits
 * an interest-income account.
 *
 * @param reference     the caller's reference, unique per loan
 * @param transactionId the ledger transaction that booked it
 * @param valueDate     the accrual's value date
 * @param amount        the interest accrued
 * @param recordedAt    when the loan book recorded it
 */
public record InterestAccrual(String reference, TransactionId transactionId, LocalDate valueDate, Money amount,
    Instant recordedAt) {

  /** Checks the fields. */
  public InterestAccrual {
    LoanChecks.reference(reference, "accrual.reference");
    Checks.notNull(transactionId, "accrual.transactionId");
    Checks.notNull(valueDate, "accrual.valueDate");
    LoanChecks.positive(amount, "accrual.amount");
    Checks.notNull(recordedAt, "accrual.recordedAt");
  }
}
