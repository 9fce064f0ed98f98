package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.LocalDate;

/**
 * A repayment to book on a loan: the ledger debits {@code sourceAccount} (the cash or settlement
 * account that received the money, or the borrower's deposit account) and credits the loan's
 * receivable account.
 *
 * <pre>{@code
 * loanBook.repay(loanId, new RepaymentRequest("pay-2025-03", Money.of("888.49", USD),
 *     LocalDate.of(2025, 3, 1), cash.id()));
 * }</pre>
 *
 * @param reference     the caller's reference, unique per loan: 1 to 32 letters, digits or
 *                      {@code . _ / -}; repeating it repeats nothing
 * @param amount        the amount received, positive, in the loan's currency
 * @param valueDate     the day it was received: not before the disbursement, not after today
 * @param sourceAccount the account debited
 */
public record RepaymentRequest(String reference, Money amount, LocalDate valueDate, AccountId sourceAccount) {

  /** Checks the fields. */
  public RepaymentRequest {
    LoanChecks.reference(reference, "repayment.reference");
    LoanChecks.positive(amount, "repayment.amount");
    Checks.notNull(valueDate, "repayment.valueDate");
    Checks.notNull(sourceAccount, "repayment.sourceAccount");
  }
}
