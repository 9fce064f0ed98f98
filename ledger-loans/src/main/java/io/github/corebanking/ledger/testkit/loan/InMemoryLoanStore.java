package io.github.corebanking.ledger.testkit.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.loan.AgingSource;
import io.github.corebanking.ledger.loan.DuplicateLoanException;
import io.github.corebanking.ledger.loan.InterestAccrual;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.LoanNotFoundException;
import io.github.corebanking.ledger.loan.spi.AgingCalculator;
import io.github.corebanking.ledger.loan.spi.AgingRows;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A {@link LoanStore} in memory, for tests and prototypes. Loans are immutable values swapped
 * under one lock, so every change is atomic and concurrent changes to a loan run one after the
 * other. The aging report is computed on demand with {@link AgingCalculator}: always live, there
 * is no snapshot.
 *
 * <pre>{@code
 * LoanBook loans = LoanBook.builder().ledger(ledger).store(new InMemoryLoanStore()).clock(clock).build();
 * }</pre>
 */
public final class InMemoryLoanStore implements LoanStore {

  private final Map<LoanId, Loan> loans = new TreeMap<>();
  private final Map<AccountId, LoanId> byReceivable = new HashMap<>();

  /** Creates an empty store. */
  public InMemoryLoanStore() {}

  @Override
  public synchronized void insertLoan(Loan loan) {
    Checks.notNull(loan, "loan");
    if (loans.containsKey(loan.id())) {
      throw new DuplicateLoanException("loanId", loan.id(), "is already registered");
    }
    LoanId owner = byReceivable.get(loan.receivableAccount());
    if (owner != null) {
      throw new DuplicateLoanException("receivableAccount", loan.receivableAccount(),
          "already belongs to loan " + owner);
    }
    loans.put(loan.id(), loan);
    byReceivable.put(loan.receivableAccount(), loan.id());
  }

  @Override
  public synchronized Optional<Loan> findLoan(LoanId id) {
    Checks.notNull(id, "loanId");
    return Optional.ofNullable(loans.get(id));
  }

  @Override
  public Loan recordDisbursement(LoanId id, TransactionId transaction) {
    return update(id, loan -> LoanPlanner.disburse(loan, transaction));
  }

  @Override
  public Loan recordAccrual(LoanId id, InterestAccrual accrual) {
    return update(id, loan -> LoanPlanner.accrue(loan, accrual));
  }

  @Override
  public synchronized LoanPlanner.Repaid recordRepayment(LoanId id, RepaymentReceipt receipt) {
    LoanPlanner.Repaid repaid = LoanPlanner.repay(load(id), receipt);
    loans.put(id, repaid.loan());
    return repaid;
  }

  @Override
  public Loan closeLoan(LoanId id, LocalDate closedOn) {
    return update(id, loan -> LoanPlanner.close(loan, closedOn));
  }

  @Override
  public synchronized AgingRows agingRows(LocalDate asOf, boolean snapshotAllowed, Instant now) {
    Checks.notNull(asOf, "asOf");
    Checks.notNull(now, "now");
    return new AgingRows(asOf, AgingSource.LIVE, now, AgingCalculator.rows(List.copyOf(loans.values()), asOf));
  }

  /** @return how many loans are stored */
  public synchronized int size() {
    return loans.size();
  }

  private synchronized Loan update(LoanId id, UnaryOperator<Loan> transition) {
    Loan after = transition.apply(load(id));
    loans.put(id, after);
    return after;
  }

  private Loan load(LoanId id) {
    Checks.notNull(id, "loanId");
    Loan loan = loans.get(id);
    if (loan == null) {
      throw new LoanNotFoundException("loanId", id, "does not exist");
    }
    return loan;
  }
}
