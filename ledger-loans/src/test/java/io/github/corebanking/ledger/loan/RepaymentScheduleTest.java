package io.github.corebanking.ledger.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RepaymentScheduleTest {

  private static Money usd(String amount) {
    return Money.of(amount, CurrencyUnit.USD);
  }

  private static RepaymentSchedule twoInstallments(String first, String second) {
    return RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 2, 1), usd(first), usd("5.00"))
        .installment(LocalDate.of(2025, 3, 1), usd(second), usd("2.50"))
        .build();
  }

  private static NewLoan.Builder loan(RepaymentSchedule schedule) {
    return NewLoan.builder().id("L-1").borrowerReference("b-1")
        .receivableAccount(new AccountId(UUID.fromString("00000000-0000-7000-8000-000000000001")))
        .principal(usd("1000.00")).disbursementDate(LocalDate.of(2025, 1, 1)).schedule(schedule);
  }

  @Test
  void builderNumbersInstallmentsAndSumsThem() {
    RepaymentSchedule s = twoInstallments("600.00", "400.00");

    assertThat(s.installments()).extracting(Installment::number).containsExactly(1, 2);
    assertThat(s.totalPrincipal()).isEqualTo(usd("1000.00"));
    assertThat(s.totalInterest()).isEqualTo(usd("7.50"));
    assertThat(s.lastDueDate()).isEqualTo(LocalDate.of(2025, 3, 1));
  }

  @Test
  void dueDatesOutOfOrderAreRejectedNamingTheInstallmentAndDate() {
    assertThatThrownBy(() -> RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 3, 1), usd("500.00"), usd("0.00"))
        .installment(LocalDate.of(2025, 2, 1), usd("500.00"), usd("0.00"))
        .build())
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule[2].dueDate '2025-02-01'")
        .hasMessageContaining("not after installment 1's due date 2025-03-01");
  }

  @Test
  void twoInstallmentsOnTheSameDayAreRejected() {
    assertThatThrownBy(() -> RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 2, 1), usd("500.00"), usd("0.00"))
        .installment(LocalDate.of(2025, 2, 1), usd("500.00"), usd("0.00"))
        .build())
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule[2].dueDate");
  }

  @Test
  void installmentsNumberedOutOfSequenceAreRejected() {
    Installment first = Installment.of(1, LocalDate.of(2025, 2, 1), "500.00", "0.00", "USD");
    Installment third = Installment.of(3, LocalDate.of(2025, 3, 1), "500.00", "0.00", "USD");

    assertThatThrownBy(() -> RepaymentSchedule.of(List.of(first, third)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule[2].number '3'");
  }

  @Test
  void emptyScheduleIsRejected() {
    assertThatThrownBy(() -> RepaymentSchedule.of(List.of()))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule '0 installments'");
  }

  @Test
  void installmentsInTwoCurrenciesAreRejected() {
    assertThatThrownBy(() -> RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 2, 1), usd("500.00"), usd("0.00"))
        .installment(LocalDate.of(2025, 3, 1), Money.of("500.00", CurrencyUnit.EUR), Money.of("0.00", CurrencyUnit.EUR))
        .build())
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessageContaining("schedule[2].principalDue '500.00 EUR'");
  }

  @Test
  void negativeAmountsAreRejected() {
    assertThatThrownBy(() -> Installment.of(4, LocalDate.of(2025, 2, 1), "-1.00", "0.00", "USD"))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("schedule[4].principalDue '-1.00 USD'");
  }

  @Test
  void scheduleThatDoesNotSumToThePrincipalIsRejectedNamingBothSums() {
    RepaymentSchedule short1 = twoInstallments("600.00", "399.99");

    assertThatThrownBy(() -> loan(short1).build())
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule.principalDue '999.99'")
        .hasMessageContaining("not the loan's principal 1000.00 USD")
        .extracting(e -> ((LedgerException) e).field()).isEqualTo("schedule.principalDue");
  }

  @Test
  void scheduleInAnotherCurrencyThanThePrincipalIsRejected() {
    RepaymentSchedule eur = RepaymentSchedule.builder()
        .installment(LocalDate.of(2025, 2, 1), Money.of("1000.00", CurrencyUnit.EUR), Money.of("1.00", CurrencyUnit.EUR))
        .build();

    assertThatThrownBy(() -> loan(eur).build())
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessageContaining("schedule.currency 'EUR'");
  }

  @Test
  void firstDueDateOnOrBeforeTheDisbursementIsRejected() {
    RepaymentSchedule s = twoInstallments("600.00", "400.00");

    assertThatThrownBy(() -> loan(s).disbursementDate(LocalDate.of(2025, 2, 1)).build())
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule[1].dueDate '2025-02-01'");
  }

  @Test
  void loanIdsRejectColonsAndOverlongValues() {
    assertThatThrownBy(() -> LoanId.of("L:1")).hasMessageContaining("loanId 'L:1'");
    assertThatThrownBy(() -> LoanId.of("x".repeat(65))).hasMessageContaining("loanId");
    assertThat(LoanId.of("L-2025/0001.a_b").value()).isEqualTo("L-2025/0001.a_b");
  }
}
