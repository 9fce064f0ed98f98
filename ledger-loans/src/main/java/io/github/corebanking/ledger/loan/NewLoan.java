package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A request to register a loan.
 *
 * <p>The constructor checks everything that needs no state: the schedule is in the principal's
 * currency, its principal sums to the loan's principal exactly, and its first due date is after
 * the disbursement date. The loan book checks the receivable account against the ledger.
 *
 * <pre>{@code
 * Loan loan = loanBook.register(NewLoan.builder()
 *     .id(LoanId.of("L-1001"))
 *     .borrowerReference("customer-77")
 *     .receivableAccount(receivable.id())
 *     .principal(Money.of("10000.00", USD))
 *     .disbursementDate(LocalDate.of(2025, 1, 1))
 *     .schedule(ScheduleGenerator.annuity(Money.of("10000.00", USD), new BigDecimal("0.12"), 12,
 *         PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
 *     .build());
 * }</pre>
 *
 * @param id                the loan's id
 * @param borrowerReference the borrower in the caller's system, 1 to 128 characters
 * @param receivableAccount the loan's own ASSET account in the ledger, in the loan's currency,
 *                          used by no other loan
 * @param principal         the amount lent, positive
 * @param disbursementDate  the day the money is paid out (the disbursement posting's value date)
 * @param schedule          the installments
 * @param allocationOrder   how repayments are split within an installment, or null for the loan
 *                          book's default
 */
public record NewLoan(
    LoanId id,
    String borrowerReference,
    AccountId receivableAccount,
    Money principal,
    LocalDate disbursementDate,
    RepaymentSchedule schedule,
    @Nullable AllocationOrder allocationOrder) {

  /**
   * Checks every field and the schedule against the principal.
   *
   * @throws InvalidScheduleException  when the schedule does not sum to the principal or starts too early
   * @throws CurrencyMismatchException when the schedule is not in the principal's currency
   */
  public NewLoan {
    Checks.notNull(id, "loanId");
    Checks.text(borrowerReference, "borrowerReference", LoanChecks.MAX_BORROWER_REFERENCE);
    Checks.notNull(receivableAccount, "receivableAccount");
    LoanChecks.positive(principal, "principal");
    Checks.notNull(disbursementDate, "disbursementDate");
    Checks.notNull(schedule, "schedule");
    CurrencyUnit currency = principal.currency();
    if (!schedule.currency().equals(currency)) {
      throw new CurrencyMismatchException("schedule.currency", schedule.currency().code(),
          "is not the principal's currency " + currency.code());
    }
    Money scheduled = schedule.totalPrincipal();
    if (!scheduled.equals(principal)) {
      throw new InvalidScheduleException("schedule.principalDue", scheduled.toPlainString(),
          "sums to " + scheduled + ", not the loan's principal " + principal);
    }
    if (!schedule.firstDueDate().isAfter(disbursementDate)) {
      throw new InvalidScheduleException("schedule[1].dueDate", schedule.firstDueDate(),
          "is not after the disbursement date " + disbursementDate);
    }
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link NewLoan}; {@link #build()} runs every check. */
  public static final class Builder {
    private @Nullable LoanId id;
    private @Nullable String borrowerReference;
    private @Nullable AccountId receivableAccount;
    private @Nullable Money principal;
    private @Nullable LocalDate disbursementDate;
    private @Nullable RepaymentSchedule schedule;
    private @Nullable AllocationOrder allocationOrder;

    private Builder() {}

    /**
     * @param id the loan's id
     * @return this builder
     */
    public Builder id(LoanId id) {
      this.id = id;
      return this;
    }

    /**
     * @param id the loan's id as text
     * @return this builder
     */
    public Builder id(String id) {
      this.id = LoanId.of(id);
      return this;
    }

    /**
     * @param reference the borrower in the caller's system
     * @return this builder
     */
    public Builder borrowerReference(String reference) {
      this.borrowerReference = reference;
      return this;
    }

    /**
     * @param account the loan's own receivable account
     * @return this builder
     */
    public Builder receivableAccount(AccountId account) {
      this.receivableAccount = account;
      return this;
    }

    /**
     * @param principal the amount lent
     * @return this builder
     */
    public Builder principal(Money principal) {
      this.principal = principal;
      return this;
    }

    /**
     * @param date the disbursement date
     * @return this builder
     */
    public Builder disbursementDate(LocalDate date) {
      this.disbursementDate = date;
      return this;
    }

    /**
     * @param schedule the installments
     * @return this builder
     */
    public Builder schedule(RepaymentSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * @param order how repayments are split within an installment
     * @return this builder
     */
    public Builder allocationOrder(AllocationOrder order) {
      this.allocationOrder = order;
      return this;
    }

    /**
     * @return the checked request
     * @throws InvalidRequestException when a field is missing or inconsistent
     */
    public NewLoan build() {
      return new NewLoan(id, borrowerReference, receivableAccount, principal, disbursementDate, schedule,
          allocationOrder);
    }
  }
}
