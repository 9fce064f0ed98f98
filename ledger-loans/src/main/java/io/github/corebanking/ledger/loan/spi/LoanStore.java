package io.github.corebanking.ledger.loan.spi;

import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.DuplicateLoanException;
import io.github.corebanking.ledger.loan.InterestAccrual;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.LoanNotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where a loan book keeps its loans, their installments and the allocation of repayments.
 *
 * <p>Each recording method is atomic: the store locks the loan (so concurrent changes to one loan
 * run one after the other), reads it, applies the matching {@link LoanPlanner} transition, and
 * writes the result in one transaction, or nothing when the transition throws or returns the loan
 * unchanged. The ledger postings themselves are booked by the loan book before it calls the store.
 *
 * <p>A store is correct when it passes {@code LoanBookContract} from the testkit, unchanged.
 * Implementations are thread-safe.
 */
public interface LoanStore {

  /**
   * Stores a newly registered loan with its schedule.
   *
   * @param loan the loan, REGISTERED, version 1
   * @throws DuplicateLoanException when its id is taken, or its receivable account belongs to
   *                                another loan
   */
  void insertLoan(Loan loan);

  /**
   * @param id a loan's id
   * @return the loan with its schedule, accruals and repayments, if it exists
   */
  Optional<Loan> findLoan(LoanId id);

  /**
   * Records a disbursement ({@link LoanPlanner#disburse}).
   *
   * @param id          the loan
   * @param transaction the disbursement's ledger transaction
   * @return the loan after it
   * @throws LoanNotFoundException when the loan does not exist
   */
  Loan recordDisbursement(LoanId id, TransactionId transaction);

  /**
   * Records an interest accrual ({@link LoanPlanner#accrue}).
   *
   * @param id      the loan
   * @param accrual the booked accrual
   * @return the loan after it
   * @throws LoanNotFoundException when the loan does not exist
   */
  Loan recordAccrual(LoanId id, InterestAccrual accrual);

  /**
   * Allocates and records a repayment ({@link LoanPlanner#repay}); the allocation is computed
   * under the loan's lock, so concurrent repayments are allocated one after the other.
   *
   * @param id      the loan
   * @param receipt the booked repayment
   * @return the loan after it and the allocation
   * @throws LoanNotFoundException when the loan does not exist
   */
  LoanPlanner.Repaid recordRepayment(LoanId id, RepaymentReceipt receipt);

  /**
   * Closes a loan ({@link LoanPlanner#close}).
   *
   * @param id       the loan
   * @param closedOn the closing day
   * @return the loan after it
   * @throws LoanNotFoundException when the loan does not exist
   */
  Loan closeLoan(LoanId id, LocalDate closedOn);

  /**
   * The aging rows of every loan in the report on a day, as {@link AgingCalculator} defines them.
   *
   * @param asOf            the day
   * @param snapshotAllowed whether a precomputed snapshot for that day may answer (a store
   *                        without snapshots always computes)
   * @param now             the instant a live computation reports as its {@code refreshedAt}
   * @return the rows and how fresh they are
   */
  AgingRows agingRows(LocalDate asOf, boolean snapshotAllowed, Instant now);
}
