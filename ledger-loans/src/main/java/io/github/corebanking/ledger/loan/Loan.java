package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A loan in the loan book: its terms, its schedule, and everything booked on it.
 *
 * <p>What is paid on each installment is derived from the repayments' allocations, so the loan
 * can be read as it stood on any day ({@link #installmentsAsOf}).
 *
 * @param id                      the loan's id
 * @param borrowerReference       the borrower in the caller's system
 * @param receivableAccount       the loan's own receivable account in the ledger
 * @param principal               the amount lent
 * @param disbursementDate        the day the money is (or was) paid out
 * @param schedule                the installments
 * @param allocationOrder         how repayments are split within an installment
 * @param status                  registered, active or closed
 * @param disbursementTransaction the ledger transaction that paid the money out, once disbursed
 * @param accruals                interest accrued, in booking order
 * @param repayments              repayments, in booking order
 * @param closedOn                the day the loan was closed, once closed
 * @param registeredAt            when the loan was registered
 * @param version                 grows by one with every change, starting at 1
 */
public record Loan(
    LoanId id,
    String borrowerReference,
    AccountId receivableAccount,
    Money principal,
    LocalDate disbursementDate,
    RepaymentSchedule schedule,
    AllocationOrder allocationOrder,
    LoanStatus status,
    @Nullable TransactionId disbursementTransaction,
    List<InterestAccrual> accruals,
    List<LoanRepayment> repayments,
    @Nullable LocalDate closedOn,
    Instant registeredAt,
    long version) {

  /** Checks the fields and freezes the lists. */
  public Loan {
    Checks.notNull(id, "loanId");
    Checks.text(borrowerReference, "borrowerReference", LoanChecks.MAX_BORROWER_REFERENCE);
    Checks.notNull(receivableAccount, "receivableAccount");
    LoanChecks.positive(principal, "principal");
    Checks.notNull(disbursementDate, "disbursementDate");
    Checks.notNull(schedule, "schedule");
    Checks.notNull(allocationOrder, "allocationOrder");
    Checks.notNull(status, "status");
    accruals = List.copyOf(Checks.notNull(accruals, "accruals"));
    repayments = List.copyOf(Checks.notNull(repayments, "repayments"));
    Checks.notNull(registeredAt, "registeredAt");
    if (status == LoanStatus.ACTIVE && disbursementTransaction == null) {
      throw new InvalidRequestException("disbursementTransaction", null, "must be set on an ACTIVE loan");
    }
    if ((status == LoanStatus.CLOSED) != (closedOn != null)) {
      throw new InvalidRequestException("closedOn", closedOn, "must be set exactly when the loan is CLOSED");
    }
    if (version < 1) {
      throw new InvalidRequestException("version", version, "must be 1 or more");
    }
    if (!schedule.totalPrincipal().equals(principal)) {
      throw new InvalidScheduleException("schedule.principalDue", schedule.totalPrincipal().toPlainString(),
          "sums to " + schedule.totalPrincipal() + ", not the loan's principal " + principal);
    }
    balances(schedule, repayments, null);
  }

  /** @return the loan's currency */
  public CurrencyUnit currency() {
    return principal.currency();
  }

  /** @return whether the money has been paid out */
  public boolean isDisbursed() {
    return disbursementTransaction != null;
  }

  /** @return the disbursement transaction, once disbursed */
  public Optional<TransactionId> disbursementTransactionId() {
    return Optional.ofNullable(disbursementTransaction);
  }

  /** @return the closing day, once closed */
  public Optional<LocalDate> closedOnDate() {
    return Optional.ofNullable(closedOn);
  }

  /** @return every installment with what has been paid on it */
  public List<InstallmentBalance> installments() {
    return balances(schedule, repayments, null);
  }

  /**
   * The installments as they stood at the end of a day: repayments value-dated after it are not
   * counted.
   *
   * @param asOf the day
   * @return every installment with what had been paid on it by then
   */
  public List<InstallmentBalance> installmentsAsOf(LocalDate asOf) {
    return balances(schedule, repayments, Checks.notNull(asOf, "asOf"));
  }

  private static List<InstallmentBalance> balances(RepaymentSchedule schedule, List<LoanRepayment> repayments,
      @Nullable LocalDate asOf) {
    int n = schedule.size();
    CurrencyUnit c = schedule.currency();
    long[] principalPaid = new long[n];
    long[] interestPaid = new long[n];
    for (LoanRepayment r : repayments) {
      if (asOf != null && r.valueDate().isAfter(asOf)) {
        continue;
      }
      if (!r.amount().currency().equals(c)) {
        throw new CurrencyMismatchException("repayment.amount", r.amount(), "is not in the loan's currency " + c.code());
      }
      for (InstallmentAllocation a : r.allocations()) {
        if (a.installmentNumber() > n) {
          throw new InvalidRequestException("allocation.installmentNumber", a.installmentNumber(),
              "is not in the schedule of " + n + " installments");
        }
        principalPaid[a.installmentNumber() - 1] += a.principal().minorUnits();
        interestPaid[a.installmentNumber() - 1] += a.interest().minorUnits();
      }
    }
    List<InstallmentBalance> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(new InstallmentBalance(schedule.installments().get(i), Money.ofMinor(principalPaid[i], c),
          Money.ofMinor(interestPaid[i], c)));
    }
    return result;
  }

  /** @return principal lent and not yet repaid */
  public Money outstandingPrincipal() {
    Money sum = Money.zero(currency());
    for (InstallmentBalance b : installments()) {
      sum = sum.plus(b.principalOutstanding());
    }
    return sum;
  }

  /** @return scheduled interest not yet paid, over every installment */
  public Money outstandingInterest() {
    Money sum = Money.zero(currency());
    for (InstallmentBalance b : installments()) {
      sum = sum.plus(b.interestOutstanding());
    }
    return sum;
  }

  /** @return everything still to pay: principal and scheduled interest */
  public Money outstanding() {
    return outstandingPrincipal().plus(outstandingInterest());
  }

  /** @return whether every installment is paid in full */
  public boolean isFullyPaid() {
    return outstanding().isZero();
  }

  /** @return the sum of the interest accrued */
  public Money interestAccrued() {
    Money sum = Money.zero(currency());
    for (InterestAccrual a : accruals) {
      sum = sum.plus(a.amount());
    }
    return sum;
  }

  /** @return the sum of the repayments */
  public Money repaid() {
    Money sum = Money.zero(currency());
    for (LoanRepayment r : repayments) {
      sum = sum.plus(r.amount());
    }
    return sum;
  }

  /**
   * @param reference a repayment's reference
   * @return that repayment, if booked
   */
  public Optional<LoanRepayment> repayment(String reference) {
    return repayments.stream().filter(r -> r.reference().equals(reference)).findFirst();
  }

  /**
   * @param reference an accrual's reference
   * @return that accrual, if booked
   */
  public Optional<InterestAccrual> accrual(String reference) {
    return accruals.stream().filter(a -> a.reference().equals(reference)).findFirst();
  }
}
