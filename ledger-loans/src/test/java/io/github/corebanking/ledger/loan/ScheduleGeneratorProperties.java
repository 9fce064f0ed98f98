package io.github.corebanking.ledger.loan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ScheduleGeneratorProperties {

  @Property(tries = 300)
  void everyGeneratedScheduleSumsToThePrincipalExactly(
      @ForAll @LongRange(min = 1, max = 5_000_000_000L) long principalMinor,
      @ForAll @IntRange(min = 0, max = 3000) int rateBasisPoints,
      @ForAll @IntRange(min = 1, max = 360) int installments,
      @ForAll PaymentFrequency frequency,
      @ForAll boolean annuity) {
    long minor = Math.max(principalMinor, installments);
    Money principal = Money.ofMinor(minor, CurrencyUnit.USD);
    BigDecimal rate = BigDecimal.valueOf(rateBasisPoints, 4);
    LocalDate first = LocalDate.of(2025, 1, 31);

    RepaymentSchedule s = annuity
        ? ScheduleGenerator.annuity(principal, rate, installments, frequency, first)
        : ScheduleGenerator.equalPrincipal(principal, rate, installments, frequency, first);

    assertThat(s.totalPrincipal()).isEqualTo(principal);
    assertThat(s.size()).isEqualTo(installments);
    for (Installment i : s.installments()) {
      assertThat(i.principalDue().isNegative()).isFalse();
      assertThat(i.interestDue().isNegative()).isFalse();
    }
    if (!annuity) {
      long base = minor / installments;
      for (int n = 1; n < installments; n++) {
        assertThat(s.installment(n).principalDue().minorUnits()).isEqualTo(base);
      }
    }
  }
}
