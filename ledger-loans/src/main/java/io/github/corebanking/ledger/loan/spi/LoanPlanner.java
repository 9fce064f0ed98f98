package io.github.corebanking.ledger.loan.spi;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.AllocationOrder;
import io.github.corebanking.ledger.loan.ExcessRepaymentException;
import io.github.corebanking.ledger.loan.InstallmentAllocation;
import io.github.corebanking.ledger.loan.InstallmentBalance;
import io.github.corebanking.ledger.loan.InterestAccrual;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanRepayment;
import io.github.corebanking.ledger.loan.LoanStateException;
import io.github.corebanking.ledger.loan.LoanStatus;
import io.github.corebanking.ledger.loan.NewLoan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state-dependent rules of the loan book and the allocation of repayments, written once for
 * every store.
 *
 * <p>The loan book calls the checks before it posts to the ledger, so a bad request writes
 * nothing. A store calls the transitions ({@link #disburse}, {@link #accrue}, {@link #repay},
 * {@link #close}) on the loan as it stands under the store's lock and writes what they return, so
 * concurrent requests see each other's effect. A transition that returns its input unchanged (same
 * version) found the request already recorded: the store writes nothing.
 */
public final class LoanPlanner {

  private LoanPlanner() {}

  /**
   * A repayment as recorded.
   *
   * @param loan      the loan after it
   * @param repayment the repayment with its allocations
   * @param replayed  true when it had already been recorded and nothing is to be written
   */
  public record Repaid(Loan loan, LoanRepayment repayment, boolean replayed) {
    /** Checks the fields. */
    public Repaid {
      Objects.requireNonNull(loan, "loan");
      Objects.requireNonNull(repayment, "repayment");
    }
  }

  /**
   * A newly registered loan.
   *
   * @param request      the checked request
   * @param defaultOrder the allocation order when the request names none
   * @param registeredAt the registration instant
   * @return the loan, REGISTERED, version 1
   */
  public static Loan register(NewLoan request, AllocationOrder defaultOrder, Instant registeredAt) {
    AllocationOrder order = request.allocationOrder() == null ? defaultOrder : request.allocationOrder();
    return new Loan(request.id(), request.borrowerReference(), request.receivableAccount(), request.principal(),
        request.disbursementDate(), request.schedule(), order, LoanStatus.REGISTERED, null, List.of(), List.of(),
        null, registeredAt, 1);
  }

  /**
   * Checks that a loan can be disbursed.
   *
   * @param loan the loan
   * @throws LoanStateException when it is not REGISTERED
   */
  public static void checkDisbursement(Loan loan) {
    if (loan.status() != LoanStatus.REGISTERED) {
      throw new LoanStateException("loanId", loan.id(), "is " + loan.status()
          + (loan.isDisbursed() ? "; it was disbursed by transaction " + loan.disbursementTransaction() : "")
          + " and cannot be disbursed");
    }
  }

  /**
   * Marks a loan disbursed.
   *
   * @param loan        the loan as stored
   * @param transaction the disbursement's ledger transaction
   * @return the ACTIVE loan, or the loan unchanged when this transaction already disbursed it
   * @throws LoanStateException when it is not REGISTERED
   */
  public static Loan disburse(Loan loan, TransactionId transaction) {
    Checks.notNull(transaction, "transactionId");
    if (transaction.equals(loan.disbursementTransaction())) {
      return loan;
    }
    checkDisbursement(loan);
    return new Loan(loan.id(), loan.borrowerReference(), loan.receivableAccount(), loan.principal(),
        loan.disbursementDate(), loan.schedule(), loan.allocationOrder(), LoanStatus.ACTIVE, transaction,
        loan.accruals(), loan.repayments(), null, loan.registeredAt(), loan.version() + 1);
  }

  /**
   * Checks that interest can be accrued on a loan.
   *
   * @param loan      the loan
   * @param amount    the interest
   * @param valueDate the accrual's value date
   * @throws LoanStateException        when the loan is not ACTIVE
   * @throws CurrencyMismatchException when the amount is not in the loan's currency
   * @throws InvalidRequestException   when the value date is before the disbursement
   */
  public static void checkAccrual(Loan loan, Money amount, LocalDate valueDate) {
    requireActive(loan, "accrue interest on");
    requireCurrency(loan, amount, "accrual.amount");
    requireNotBeforeDisbursement(loan, valueDate, "accrual.valueDate");
  }

  /**
   * Records an accrual.
   *
   * @param loan    the loan as stored
   * @param accrual the booked accrual
   * @return the loan with it, or unchanged when it was already recorded
   * @throws IdempotencyConflictException when its reference is taken by another transaction
   */
  public static Loan accrue(Loan loan, InterestAccrual accrual) {
    var existing = loan.accrual(accrual.reference());
    if (existing.isPresent()) {
      requireSameTransaction(existing.get().transactionId(), accrual.transactionId(), "accrual.reference",
          accrual.reference());
      return loan;
    }
    checkAccrual(loan, accrual.amount(), accrual.valueDate());
    List<InterestAccrual> accruals = new ArrayList<>(loan.accruals());
    accruals.add(accrual);
    return new Loan(loan.id(), loan.borrowerReference(), loan.receivableAccount(), loan.principal(),
        loan.disbursementDate(), loan.schedule(), loan.allocationOrder(), loan.status(),
        loan.disbursementTransaction(), accruals, loan.repayments(), loan.closedOn(), loan.registeredAt(),
        loan.version() + 1);
  }

  /**
   * Checks that a repayment can be booked on a loan.
   *
   * @param loan      the loan
   * @param amount    the repayment
   * @param valueDate its value date
   * @throws LoanStateException        when the loan is not ACTIVE
   * @throws CurrencyMismatchException when the amount is not in the loan's currency
   * @throws ExcessRepaymentException  when it is more than the loan still owes
   * @throws InvalidRequestException   when the value date is before the disbursement
   */
  public static void checkRepayment(Loan loan, Money amount, LocalDate valueDate) {
    requireActive(loan, "repay");
    requireCurrency(loan, amount, "repayment.amount");
    requireNotBeforeDisbursement(loan, valueDate, "repayment.valueDate");
    Money owed = loan.outstanding();
    if (amount.compareTo(owed) > 0) {
      throw new ExcessRepaymentException("repayment.amount", amount,
          "is more than loan " + loan.id() + " still owes: " + owed + " (principal "
              + loan.outstandingPrincipal() + ", interest " + loan.outstandingInterest() + ")");
    }
  }

  /**
   * Allocates and records a repayment.
   *
   * @param loan    the loan as stored
   * @param receipt the booked repayment
   * @return the loan after it and the allocation, or the recorded repayment when the reference was
   *         already recorded with this transaction
   * @throws IdempotencyConflictException when its reference is taken by another transaction
   */
  public static Repaid repay(Loan loan, RepaymentReceipt receipt) {
    var existing = loan.repayment(receipt.reference());
    if (existing.isPresent()) {
      requireSameTransaction(existing.get().transactionId(), receipt.transactionId(), "repayment.reference",
          receipt.reference());
      return new Repaid(loan, existing.get(), true);
    }
    checkRepayment(loan, receipt.amount(), receipt.valueDate());
    List<InstallmentAllocation> allocations = allocate(loan.installments(), receipt.amount(), loan.allocationOrder());
    LoanRepayment repayment = new LoanRepayment(receipt.reference(), receipt.transactionId(), receipt.valueDate(),
        receipt.amount(), allocations, receipt.recordedAt());
    List<LoanRepayment> repayments = new ArrayList<>(loan.repayments());
    repayments.add(repayment);
    Loan after = new Loan(loan.id(), loan.borrowerReference(), loan.receivableAccount(), loan.principal(),
        loan.disbursementDate(), loan.schedule(), loan.allocationOrder(), loan.status(),
        loan.disbursementTransaction(), loan.accruals(), repayments, loan.closedOn(), loan.registeredAt(),
        loan.version() + 1);
    return new Repaid(after, repayment, false);
  }

  /**
   * Splits an amount over installments: the oldest unpaid installment first, within it interest
   * then principal (or principal then interest), then the next.
   *
   * @param installments the installments with what is paid on them, in schedule order
   * @param amount       the amount to allocate, positive, at most what they still owe
   * @param order        the order within an installment
   * @return one allocation per installment that receives money, oldest first
   * @throws ExcessRepaymentException when the amount is more than the installments owe
   */
  public static List<InstallmentAllocation> allocate(List<InstallmentBalance> installments, Money amount,
      AllocationOrder order) {
    Checks.notNull(installments, "installments");
    Checks.notNull(order, "allocationOrder");
    if (amount == null || !amount.isPositive()) {
      throw new io.github.corebanking.ledger.InvalidAmountException("repayment.amount", amount,
          "must be greater than zero");
    }
    long left = amount.minorUnits();
    List<InstallmentAllocation> result = new ArrayList<>();
    for (InstallmentBalance b : installments) {
      if (left == 0) {
        break;
      }
      long interestOwed = b.interestOutstanding().minorUnits();
      long principalOwed = b.principalOutstanding().minorUnits();
      long interest;
      long principal;
      if (order == AllocationOrder.INTEREST_FIRST) {
        interest = Math.min(left, interestOwed);
        principal = Math.min(left - interest, principalOwed);
      } else {
        principal = Math.min(left, principalOwed);
        interest = Math.min(left - principal, interestOwed);
      }
      if (interest + principal > 0) {
        result.add(new InstallmentAllocation(b.number(), Money.ofMinor(principal, amount.currency()),
            Money.ofMinor(interest, amount.currency())));
        left -= interest + principal;
      }
    }
    if (left > 0) {
      throw new ExcessRepaymentException("repayment.amount", amount,
          "is more than the installments still owe, by " + Money.ofMinor(left, amount.currency()));
    }
    return result;
  }

  /**
   * Checks that a loan can be closed on a day.
   *
   * @param loan     the loan
   * @param closedOn the closing day
   * @throws LoanStateException      when it is closed already or still owes money
   * @throws InvalidRequestException when the day is before the disbursement or the last repayment
   */
  public static void checkClose(Loan loan, LocalDate closedOn) {
    Checks.notNull(closedOn, "closedOn");
    if (loan.status() == LoanStatus.CLOSED) {
      throw new LoanStateException("loanId", loan.id(), "is already CLOSED (on " + loan.closedOn() + ")");
    }
    if (loan.status() == LoanStatus.ACTIVE) {
      if (!loan.isFullyPaid()) {
        throw new LoanStateException("loanId", loan.id(), "still owes " + loan.outstanding() + " (principal "
            + loan.outstandingPrincipal() + ", interest " + loan.outstandingInterest() + ") and cannot be closed");
      }
      requireNotBeforeDisbursement(loan, closedOn, "closedOn");
      for (LoanRepayment r : loan.repayments()) {
        if (closedOn.isBefore(r.valueDate())) {
          throw new InvalidRequestException("closedOn", closedOn,
              "is before repayment " + r.reference() + " of " + r.valueDate());
        }
      }
    }
  }

  /**
   * Closes a loan: a fully paid ACTIVE loan, or a REGISTERED one that is cancelled before it is
   * disbursed.
   *
   * @param loan     the loan as stored
   * @param closedOn the closing day
   * @return the CLOSED loan
   * @throws LoanStateException when it is closed already or still owes money
   */
  public static Loan close(Loan loan, LocalDate closedOn) {
    checkClose(loan, closedOn);
    return new Loan(loan.id(), loan.borrowerReference(), loan.receivableAccount(), loan.principal(),
        loan.disbursementDate(), loan.schedule(), loan.allocationOrder(), LoanStatus.CLOSED,
        loan.disbursementTransaction(), loan.accruals(), loan.repayments(), closedOn, loan.registeredAt(),
        loan.version() + 1);
  }

  private static void requireActive(Loan loan, String action) {
    switch (loan.status()) {
      case ACTIVE -> { }
      case REGISTERED -> throw new LoanStateException("loanId", loan.id(),
          "is REGISTERED: it has not been disbursed, so you cannot " + action + " it");
      case CLOSED -> throw new LoanStateException("loanId", loan.id(),
          "is CLOSED (on " + loan.closedOn() + "), so you cannot " + action + " it");
      default -> throw new IllegalStateException("unknown status " + loan.status());
    }
  }

  private static void requireCurrency(Loan loan, Money amount, String field) {
    Checks.notNull(amount, field);
    if (!amount.currency().equals(loan.currency())) {
      throw new CurrencyMismatchException(field, amount,
          "is not in the currency of loan " + loan.id() + " (" + loan.currency().code() + ")");
    }
  }

  private static void requireNotBeforeDisbursement(Loan loan, LocalDate date, String field) {
    Checks.notNull(date, field);
    if (date.isBefore(loan.disbursementDate())) {
      throw new InvalidRequestException(field, date,
          "is before loan " + loan.id() + "'s disbursement date " + loan.disbursementDate());
    }
  }

  private static void requireSameTransaction(TransactionId recorded, TransactionId given, String field,
      String reference) {
    if (!recorded.equals(given)) {
      throw new IdempotencyConflictException(field, reference,
          "was already recorded with transaction " + recorded + ", not " + given);
    }
  }
}
