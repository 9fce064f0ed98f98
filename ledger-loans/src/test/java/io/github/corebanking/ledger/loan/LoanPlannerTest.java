package io.github.corebanking.ledger.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.loan.spi.LoanPlanner;
import io.github.corebanking.ledger.loan.spi.RepaymentReceipt;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoanPlannerTest {

  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  private static final AtomicLong IDS = new AtomicLong(1);

  private static Money usd(String amount) {
    return Money.of(amount, CurrencyUnit.USD);
  }

  private static TransactionId tx() {
    return new TransactionId(new UUID(0x0190000000007000L, IDS.getAndIncrement()));
  }

  /** Three installments of 100.00 principal and 10.00 interest, due Feb 1, Mar 1, Apr 1. */
  private static Loan activeLoan(AllocationOrder order) {
    RepaymentSchedule s = RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 2, 1), usd("100.00"), usd("10.00"))
        .installment(LocalDate.of(2025, 3, 1), usd("100.00"), usd("10.00"))
        .installment(LocalDate.of(2025, 4, 1), usd("100.00"), usd("10.00"))
        .build();
    NewLoan request = NewLoan.builder().id("L-1").borrowerReference("b-1")
        .receivableAccount(new AccountId(UUID.fromString("00000000-0000-7000-8000-000000000001")))
        .principal(usd("300.00")).disbursementDate(LocalDate.of(2025, 1, 1)).schedule(s).allocationOrder(order)
        .build();
    return LoanPlanner.disburse(LoanPlanner.register(request, AllocationOrder.INTEREST_FIRST, NOW), tx());
  }

  private static LoanPlanner.Repaid pay(Loan loan, String reference, String amount) {
    return LoanPlanner.repay(loan, new RepaymentReceipt(reference, tx(), LocalDate.of(2025, 3, 10), usd(amount), NOW));
  }

  @Test
  void repaymentGoesToTheOldestInstallmentInterestFirst() {
    LoanPlanner.Repaid r = pay(activeLoan(AllocationOrder.INTEREST_FIRST), "p1", "50.00");

    assertThat(r.repayment().allocations())
        .containsExactly(new InstallmentAllocation(1, usd("40.00"), usd("10.00")));
    assertThat(r.loan().installments().get(0).principalOutstanding()).isEqualTo(usd("60.00"));
    assertThat(r.loan().version()).isEqualTo(3);
  }

  @Test
  void principalFirstOrderPaysPrincipalBeforeInterestWithinAnInstallment() {
    LoanPlanner.Repaid r = pay(activeLoan(AllocationOrder.PRINCIPAL_FIRST), "p1", "105.00");

    assertThat(r.repayment().allocations())
        .containsExactly(new InstallmentAllocation(1, usd("100.00"), usd("5.00")));
  }

  @Test
  void repaymentSpillsOverToTheNextInstallmentsInOrder() {
    Loan loan = pay(activeLoan(AllocationOrder.INTEREST_FIRST), "p1", "50.00").loan();

    LoanPlanner.Repaid r = pay(loan, "p2", "80.00");

    // installment 1 still owed 60.00 principal; the rest goes to installment 2, interest first
    assertThat(r.repayment().allocations()).containsExactly(
        new InstallmentAllocation(1, usd("60.00"), usd("0.00")),
        new InstallmentAllocation(2, usd("10.00"), usd("10.00")));
    assertThat(r.loan().outstandingPrincipal()).isEqualTo(usd("190.00"));
    assertThat(r.loan().outstandingInterest()).isEqualTo(usd("10.00"));
  }

  @Test
  void repaymentOfEverythingPaysEveryInstallment() {
    LoanPlanner.Repaid r = pay(activeLoan(AllocationOrder.INTEREST_FIRST), "all", "330.00");

    assertThat(r.repayment().allocations()).hasSize(3);
    assertThat(r.loan().isFullyPaid()).isTrue();
    assertThat(r.repayment().principal()).isEqualTo(usd("300.00"));
    assertThat(r.repayment().interest()).isEqualTo(usd("30.00"));
  }

  @Test
  void repaymentAboveWhatIsOwedIsRejectedNamingTheAmount() {
    assertThatThrownBy(() -> pay(activeLoan(AllocationOrder.INTEREST_FIRST), "too-much", "330.01"))
        .isInstanceOf(ExcessRepaymentException.class)
        .hasMessageContaining("repayment.amount '330.01 USD'")
        .hasMessageContaining("still owes: 330.00 USD");
  }

  @Test
  void repaymentInAnotherCurrencyIsRejected() {
    Loan loan = activeLoan(AllocationOrder.INTEREST_FIRST);

    assertThatThrownBy(() -> LoanPlanner.repay(loan, new RepaymentReceipt("eur", tx(), LocalDate.of(2025, 3, 1),
        Money.of("10.00", CurrencyUnit.EUR), NOW)))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessageContaining("repayment.amount '10.00 EUR'");
  }

  @Test
  void repaymentBeforeTheDisbursementIsRejected() {
    Loan loan = activeLoan(AllocationOrder.INTEREST_FIRST);

    assertThatThrownBy(() -> LoanPlanner.repay(loan, new RepaymentReceipt("early", tx(), LocalDate.of(2024, 12, 31),
        usd("10.00"), NOW)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("repayment.valueDate '2024-12-31'");
  }

  @Test
  void theSameReceiptIsRecordedOnceAndAnotherTransactionUnderItsReferenceConflicts() {
    Loan loan = activeLoan(AllocationOrder.INTEREST_FIRST);
    RepaymentReceipt receipt = new RepaymentReceipt("p1", tx(), LocalDate.of(2025, 2, 1), usd("10.00"), NOW);
    Loan after = LoanPlanner.repay(loan, receipt).loan();

    LoanPlanner.Repaid again = LoanPlanner.repay(after, receipt);

    assertThat(again.replayed()).isTrue();
    assertThat(again.loan()).isSameAs(after);
    assertThatThrownBy(() -> LoanPlanner.repay(after,
        new RepaymentReceipt("p1", tx(), LocalDate.of(2025, 2, 1), usd("10.00"), NOW)))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("repayment.reference 'p1'");
  }

  @Test
  void aRegisteredLoanTakesNoRepayment() {
    Loan loan = activeLoan(AllocationOrder.INTEREST_FIRST);
    Loan registered = new Loan(loan.id(), loan.borrowerReference(), loan.receivableAccount(), loan.principal(),
        loan.disbursementDate(), loan.schedule(), loan.allocationOrder(), LoanStatus.REGISTERED, null, loan.accruals(),
        loan.repayments(), null, loan.registeredAt(), 1);

    assertThatThrownBy(() -> pay(registered, "p1", "10.00"))
        .isInstanceOf(LoanStateException.class)
        .hasMessageContaining("loanId 'L-1' is REGISTERED");
  }

  @Test
  void aLoanThatOwesMoneyCannotBeClosedAndAPaidOneCanButOnlyOnce() {
    Loan loan = activeLoan(AllocationOrder.INTEREST_FIRST);
    assertThatThrownBy(() -> LoanPlanner.close(loan, LocalDate.of(2025, 5, 1)))
        .isInstanceOf(LoanStateException.class)
        .hasMessageContaining("still owes 330.00 USD");

    Loan paid = pay(loan, "all", "330.00").loan();
    Loan closed = LoanPlanner.close(paid, LocalDate.of(2025, 5, 1));

    assertThat(closed.status()).isEqualTo(LoanStatus.CLOSED);
    assertThat(closed.closedOn()).isEqualTo(LocalDate.of(2025, 5, 1));
    assertThatThrownBy(() -> pay(closed, "late", "1.00"))
        .isInstanceOf(LoanStateException.class)
        .hasMessageContaining("is CLOSED (on 2025-05-01)");
    assertThatThrownBy(() -> LoanPlanner.close(closed, LocalDate.of(2025, 5, 2)))
        .isInstanceOf(LoanStateException.class)
        .hasMessageContaining("already CLOSED");
  }

  @Test
  void closingBeforeTheLastRepaymentIsRejected() {
    Loan paid = pay(activeLoan(AllocationOrder.INTEREST_FIRST), "all", "330.00").loan();

    assertThatThrownBy(() -> LoanPlanner.close(paid, LocalDate.of(2025, 3, 9)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("closedOn '2025-03-09'");
  }

  @Test
  void disbursingTwiceIsRejectedButTheSameTransactionIsAReplay() {
    Loan loan = activeLoan(AllocationOrder.INTEREST_FIRST);

    assertThat(LoanPlanner.disburse(loan, loan.disbursementTransaction())).isSameAs(loan);
    assertThatThrownBy(() -> LoanPlanner.disburse(loan, tx()))
        .isInstanceOf(LoanStateException.class)
        .hasMessageContaining("is ACTIVE; it was disbursed by transaction");
  }
}
