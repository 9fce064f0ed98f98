package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.LocalDate;

/**
 * Interest to accrue on a loan: the ledger debits the loan's receivable account and credits
 * {@code incomeAccount}.
 *
 * <pre>{@code
 * loanBook.accrueInterest(loanId, new AccrualRequest("int-2025-02", Money.of("100.00", USD),
 *     LocalDate.of(2025, 2, 1), interestIncome.id()));
 * }</pre>
 *
 * @param reference     the caller's reference, unique per loan: 1 to 32 letters, digits or
 *                      {@code . _ / -}; repeating it repeats nothing
 * @param amount        the interest, positive, in the loan's currency
 * @param valueDate     the accrual's value date: not before the disbursement, not after today
 * @param incomeAccount the interest-income account credited
 */
public record AccrualRequest(String reference, Money amount, LocalDate valueDate, AccountId incomeAccount) {

  /** Checks the fields. */
  public AccrualRequest {
    LoanChecks.reference(reference, "accrual.reference");
    LoanChecks.positive(amount, "accrual.amount");
    Checks.notNull(valueDate, "accrual.valueDate");
    Checks.notNull(incomeAccount, "accrual.incomeAccount");
  }
}
