package io.github.corebanking.ledger.testkit.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.ExcessRepaymentException;
import io.github.corebanking.ledger.loan.InterestAccrual;
import io.github.corebanking.ledger.loan.Loan;
import io.github.corebanking.ledger.loan.LoanBook;
import io.github.corebanking.ledger.loan.LoanId;
import io.github.corebanking.ledger.loan.LoanStateException;
import io.github.corebanking.ledger.loan.NewLoan;
import io.github.corebanking.ledger.loan.RepaymentRequest;
import io.github.corebanking.ledger.loan.RepaymentSchedule;
import io.github.corebanking.ledger.loan.spi.AgingRows;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.LoanStore;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the loan changes between the loan book's checks and the store's record (another process
 * repaid or closed it), the posting that was already booked is reversed and the error reaches the
 * caller. The race is staged with a store that runs a competing change just before a record.
 */
class LoanBookRaceTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;

  /** Delegates to an in-memory store, running one competing action before the next repayment record. */
  private static final class RacingStore implements LoanStore {
    private final InMemoryLoanStore delegate = new InMemoryLoanStore();
    private Runnable before = () -> { };

    void beforeNextRecord(Runnable action) {
      this.before = action;
    }

    private void race() {
      Runnable action = before;
      before = () -> { };
      action.run();
    }

    @Override
    public void insertLoan(Loan loan) {
      delegate.insertLoan(loan);
    }

    @Override
    public Optional<Loan> findLoan(LoanId id) {
      return delegate.findLoan(id);
    }

    @Override
    public Loan recordDisbursement(LoanId id, TransactionId transaction) {
      return delegate.recordDisbursement(id, transaction);
    }

    @Override
    public Loan recordAccrual(LoanId id, InterestAccrual accrual) {
      race();
      return delegate.recordAccrual(id, accrual);
    }

    @Override
    public LoanPlanner.Repaid recordRepayment(LoanId id, RepaymentReceipt receipt) {
      race();
      return delegate.recordRepayment(id, receipt);
    }

    @Override
    public Loan closeLoan(LoanId id, LocalDate closedOn) {
      return delegate.closeLoan(id, closedOn);
    }

    @Override
    public AgingRows agingRows(LocalDate asOf, boolean snapshotAllowed, Instant now) {
      return delegate.agingRows(asOf, snapshotAllowed, now);
    }
  }

  private final RacingStore store = new RacingStore();
  private Ledger ledger;
  private LoanBook book;
  private Account cash;
  private Account receivable;
  private LoanId id;

  @BeforeEach
  void openBook() {
    MutableClock clock = MutableClock.at("2025-06-15T09:00:00Z");
    ledger = Ledger.builder().store(new InMemoryLedgerStore()).clock(clock).build();
    book = LoanBook.builder().ledger(ledger).store(store).clock(clock).build();
    cash = open("1000");
    receivable = open("1200-L1");
    id = book.register(NewLoan.builder().id("L-1").borrowerReference("b").receivableAccount(receivable.id())
        .principal(usd("100.00")).disbursementDate(LocalDate.of(2025, 1, 1))
        .schedule(RepaymentSchedule.builder().installment(LocalDate.of(2025, 2, 1), usd("100.00"), usd("5.00")).build())
        .build()).id();
    book.disburse(id, cash.id());
  }

  private Account open(String code) {
    return ledger.openAccount(NewAccount.builder().code(code).name(code).type(AccountType.ASSET).currency(USD).build());
  }

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  private RepaymentRequest repayment(String reference, String amount) {
    return new RepaymentRequest(reference, usd(amount), LocalDate.of(2025, 3, 1), cash.id());
  }

  @Test
  void aRepaymentOvertakenByAnotherIsReversedAndRefused() {
    store.beforeNextRecord(() -> book.repay(id, repayment("other", "100.00")));

    assertThatThrownBy(() -> book.repay(id, repayment("mine", "10.00")))
        .isInstanceOf(ExcessRepaymentException.class)
        .hasMessageContaining("repayment.amount '10.00 USD'");

    Transaction mine = ledger.transactionByKey("loan:L-1:repayment:mine").orElseThrow();
    assertThat(mine.isReversed()).isTrue();
    assertThat(ledger.transactionByKey("loan:L-1:repayment:mine:reversal")).isPresent();
    assertThat(ledger.balance(receivable.id()).posted()).isEqualTo(usd("0.00"));
    assertThat(book.loan(id).repayments()).extracting(r -> r.reference()).containsExactly("other");
  }

  @Test
  void aRepaymentOvertakenByAClosingIsReversedAndRefused() {
    store.beforeNextRecord(() -> {
      book.repay(id, repayment("all", "105.00"));
      book.close(id, LocalDate.of(2025, 3, 1));
    });

    assertThatThrownBy(() -> book.repay(id, repayment("mine", "5.00")))
        .isInstanceOf(LoanStateException.class)
        .hasMessageContaining("is CLOSED");

    assertThat(ledger.transactionByKey("loan:L-1:repayment:mine").orElseThrow().isReversed()).isTrue();
    assertThat(ledger.balance(receivable.id()).posted()).isEqualTo(usd("-5.00"));
    assertThat(book.loan(id).repayments()).extracting(r -> r.reference()).containsExactly("all");
  }

  @Test
  void aRefusedReferenceCannotBeReusedBecauseItsPostingWasReversed() {
    store.beforeNextRecord(() -> {
      throw new LoanStateException("loanId", id, "was changed by another process");
    });
    assertThatThrownBy(() -> book.repay(id, repayment("mine", "5.00"))).isInstanceOf(LoanStateException.class);
    assertThat(ledger.transactionByKey("loan:L-1:repayment:mine").orElseThrow().isReversed()).isTrue();

    assertThatThrownBy(() -> book.repay(id, repayment("mine", "5.00")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("repayment.reference 'mine'")
        .hasMessageContaining("use a new reference");
    assertThat(book.loan(id).repayments()).isEmpty();
    assertThat(ledger.balance(receivable.id()).posted()).isEqualTo(usd("100.00"));
  }

  @Test
  void aStopBetweenPostingAndRecordIsRepairedByRepeatingTheCall() {
    store.beforeNextRecord(() -> {
      throw new IllegalStateException("process stopped");
    });
    assertThatThrownBy(() -> book.repay(id, repayment("p1", "50.00"))).hasMessageContaining("process stopped");
    assertThat(ledger.transactionByKey("loan:L-1:repayment:p1")).isPresent();
    assertThat(book.loan(id).repayments()).isEmpty();

    var result = book.repay(id, repayment("p1", "50.00"));

    assertThat(result.replayed()).isFalse();
    assertThat(result.transaction().id()).isEqualTo(ledger.transactionByKey("loan:L-1:repayment:p1").orElseThrow().id());
    assertThat(book.loan(id).repayments()).hasSize(1);
    assertThat(ledger.balance(receivable.id()).posted()).isEqualTo(usd("50.00"));
  }
}
