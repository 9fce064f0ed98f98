package io.github.corebanking.ledger.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleGeneratorTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  @Test
  void annuityOfTwelveMonthsHasTheTextbookPaymentAndSumsToThePrincipal() {
    RepaymentSchedule s = ScheduleGenerator.annuity(usd("10000.00"), new BigDecimal("0.12"), 12,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));

    assertThat(s.size()).isEqualTo(12);
    // payment 10000 * 0.01 / (1 - 1.01^-12) = 888.4879 -> 888.49
    assertThat(s.installment(1)).isEqualTo(new Installment(1, LocalDate.of(2025, 2, 1), usd("788.49"), usd("100.00")));
    // balance 9211.51 * 0.01 = 92.1151 -> 92.12
    assertThat(s.installment(2)).isEqualTo(new Installment(2, LocalDate.of(2025, 3, 1), usd("796.37"), usd("92.12")));
    // the last repays what is left: 879.67 principal plus 8.80 interest = 888.47
    assertThat(s.installment(12)).isEqualTo(new Installment(12, LocalDate.of(2026, 1, 1), usd("879.67"), usd("8.80")));
    for (int n = 1; n < 12; n++) {
      assertThat(s.installment(n).totalDue()).isEqualTo(usd("888.49"));
    }
    assertThat(s.totalPrincipal()).isEqualTo(usd("10000.00"));
    assertThat(s.totalInterest()).isEqualTo(usd("661.86"));
  }

  @Test
  void aThirtyYearAnnuityEndsWithTheCompoundedRoundingOfItsPayment() {
    RepaymentSchedule s = ScheduleGenerator.annuity(usd("200000.00"), new BigDecimal("0.06"), 360,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));

    // payment 200000 * 0.005 / (1 - 1.005^-360) = 1199.1010... -> 1199.10: each month repays about
    // 0.1 minor unit too little principal, and that shortfall earns interest for the rest of the term
    for (int n = 1; n < 360; n++) {
      assertThat(s.installment(n).totalDue()).isEqualTo(usd("1199.10"));
    }
    assertThat(s.installment(360)).isEqualTo(new Installment(360, LocalDate.of(2055, 1, 1), usd("1194.17"), usd("5.97")));
    assertThat(s.installment(360).totalDue().minus(s.installment(1).totalDue())).isEqualTo(usd("1.04"));
    assertThat(s.totalPrincipal()).isEqualTo(usd("200000.00"));
  }

  @Test
  void smallAnnuityWorkedByHandLetsTheLastInstallmentAbsorbTheRounding() {
    // r = 0.06 / 12 = 0.005; payment = 1200 * 0.005 * 1.005^3 / (1.005^3 - 1) = 404.0066 -> 404.01
    RepaymentSchedule s = ScheduleGenerator.annuity(usd("1200.00"), new BigDecimal("0.06"), 3,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 1, 15));

    assertThat(s.installments()).containsExactly(
        new Installment(1, LocalDate.of(2025, 1, 15), usd("398.01"), usd("6.00")),    // 1200.00 * 0.005
        new Installment(2, LocalDate.of(2025, 2, 15), usd("400.00"), usd("4.01")),    // 801.99 * 0.005 = 4.00995
        new Installment(3, LocalDate.of(2025, 3, 15), usd("401.99"), usd("2.01")));   // 401.99 * 0.005 = 2.00995
  }

  @Test
  void weeklyAnnuityFallsDueEverySevenDaysAtTheAnnualRateOverFiftyTwo() {
    RepaymentSchedule s = ScheduleGenerator.annuity(usd("1000.00"), new BigDecimal("0.10"), 4,
        PaymentFrequency.WEEKLY, LocalDate.of(2025, 3, 3));

    assertThat(s.installments()).extracting(Installment::dueDate).containsExactly(
        LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 17), LocalDate.of(2025, 3, 24));
    // r = 0.10 / 52; interest on 1000.00 is 1.923 -> 1.92; payment 251.20
    assertThat(s.installment(1)).isEqualTo(new Installment(1, LocalDate.of(2025, 3, 3), usd("249.28"), usd("1.92")));
    assertThat(s.installment(4)).isEqualTo(new Installment(4, LocalDate.of(2025, 3, 24), usd("250.72"), usd("0.48")));
    assertThat(s.totalPrincipal()).isEqualTo(usd("1000.00"));
  }

  @Test
  void equalPrincipalSplitsThePrincipalAndTheLastTakesTheRemainder() {
    RepaymentSchedule s = ScheduleGenerator.equalPrincipal(usd("1000.00"), new BigDecimal("0.12"), 3,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));

    assertThat(s.installments()).containsExactly(
        new Installment(1, LocalDate.of(2025, 2, 1), usd("333.33"), usd("10.00")),   // 1000.00 * 0.01
        new Installment(2, LocalDate.of(2025, 3, 1), usd("333.33"), usd("6.67")),    // 666.67 * 0.01
        new Installment(3, LocalDate.of(2025, 4, 1), usd("333.34"), usd("3.33")));   // 333.34 * 0.01
  }

  @Test
  void weeklyEqualPrincipalDecreasesInterestWeekByWeek() {
    RepaymentSchedule s = ScheduleGenerator.equalPrincipal(usd("1000.00"), new BigDecimal("0.052"), 3,
        PaymentFrequency.WEEKLY, LocalDate.of(2025, 1, 6));

    assertThat(s.installments()).containsExactly(
        new Installment(1, LocalDate.of(2025, 1, 6), usd("333.33"), usd("1.00")),    // r = 0.001
        new Installment(2, LocalDate.of(2025, 1, 13), usd("333.33"), usd("0.67")),
        new Installment(3, LocalDate.of(2025, 1, 20), usd("333.34"), usd("0.33")));
  }

  @Test
  void zeroRateGivesInterestFreeInstallmentsThatStillSumExactly() {
    RepaymentSchedule annuity = ScheduleGenerator.annuity(usd("100.00"), BigDecimal.ZERO, 3,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));
    RepaymentSchedule equal = ScheduleGenerator.equalPrincipal(usd("100.00"), BigDecimal.ZERO, 3,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));

    for (RepaymentSchedule s : List.of(annuity, equal)) {
      assertThat(s.installments()).extracting(Installment::principalDue)
          .containsExactly(usd("33.33"), usd("33.33"), usd("33.34"));
      assertThat(s.totalInterest()).isEqualTo(usd("0.00"));
    }
  }

  @Test
  void monthlyDatesKeepTheDayOfMonthAfterAShortMonth() {
    RepaymentSchedule s = ScheduleGenerator.equalPrincipal(usd("300.00"), BigDecimal.ZERO, 3,
        PaymentFrequency.MONTHLY, LocalDate.of(2024, 1, 31));

    assertThat(s.installments()).extracting(Installment::dueDate)
        .containsExactly(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 31));
  }

  @Test
  void zeroScaleCurrencyGetsWholeUnits() {
    RepaymentSchedule s = ScheduleGenerator.equalPrincipal(Money.of("1000", CurrencyUnit.JPY), new BigDecimal("0.12"),
        3, PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));

    assertThat(s.installments()).extracting(Installment::principalDue).containsExactly(
        Money.of("333", CurrencyUnit.JPY), Money.of("333", CurrencyUnit.JPY), Money.of("334", CurrencyUnit.JPY));
    assertThat(s.installments()).extracting(Installment::interestDue).containsExactly(
        Money.of("10", CurrencyUnit.JPY), Money.of("7", CurrencyUnit.JPY), Money.of("3", CurrencyUnit.JPY));
  }

  @Test
  void aRateGivenInPercentIsRejectedNamingTheRate() {
    assertThatThrownBy(() -> ScheduleGenerator.annuity(usd("1000.00"), new BigDecimal("12"), 12,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("annualRate '12'");
  }

  @Test
  void negativeRateIsRejected() {
    assertThatThrownBy(() -> ScheduleGenerator.equalPrincipal(usd("1000.00"), new BigDecimal("-0.01"), 12,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("annualRate '-0.01'");
  }

  @Test
  void installmentCountOutOfRangeIsRejected() {
    assertThatThrownBy(() -> ScheduleGenerator.annuity(usd("1000.00"), new BigDecimal("0.1"), 0,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("installments '0'");
    assertThatThrownBy(() -> ScheduleGenerator.annuity(usd("1000000.00"), new BigDecimal("0.1"), 1201,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .hasMessageContaining("installments '1201'");
  }

  @Test
  void principalSmallerThanOneMinorUnitPerInstallmentIsRejected() {
    assertThatThrownBy(() -> ScheduleGenerator.equalPrincipal(usd("0.05"), new BigDecimal("0.1"), 12,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("principal '0.05 USD'");
  }

  @Test
  void nonPositivePrincipalIsRejected() {
    assertThatThrownBy(() -> ScheduleGenerator.annuity(usd("0.00"), new BigDecimal("0.1"), 12,
        PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1)))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("principal '0.00 USD'");
  }
}
