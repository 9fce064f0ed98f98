package io.github.corebanking.ledger.loan.spi;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A repayment the ledger has booked, handed to the store to allocate and record.
 *
 * @param reference     the caller's reference, unique per loan
 * @param transactionId the ledger transaction
 * @param valueDate     the day the money was received
 * @param amount        the amount
 * @param recordedAt    when the loan book records it
 */
public record RepaymentReceipt(String reference, TransactionId transactionId, LocalDate valueDate, Money amount,
    Instant recordedAt) {

  /** Checks the fields. */
  public RepaymentReceipt {
    LoanChecks.reference(reference, "repayment.reference");
    Checks.notNull(transactionId, "repayment.transactionId");
    Checks.notNull(valueDate, "repayment.valueDate");
    LoanChecks.positive(amount, "repayment.amount");
    Checks.notNull(recordedAt, "repayment.recordedAt");
  }
}
