package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Generates repayment schedules with exact money: every amount is a whole number of minor units,
 * the principal of the installments sums to the loan's principal exactly, and the last installment
 * absorbs whatever rounding left over.
 *
 * <ul>
 *   <li>{@link #annuity annuity}: equal payments. The payment is
 *       {@code P·r / (1 − (1 + r)^−n)} rounded half-up to minor units; each installment's interest
 *       is the outstanding principal times {@code r}, rounded half-up; its principal is the
 *       payment less that interest. The last installment repays whatever principal is left, so its
 *       payment differs from the others by the payment's rounding compounded over the term: a few
 *       minor units on a year's loan, about a hundred or more on 360 months (200,000.00 at 6 %:
 *       payment 1,199.10, last 1,200.14).</li>
 *   <li>{@link #equalPrincipal equalPrincipal}: the same principal every time (the principal
 *       divided by the number of installments, rounded down; the last takes the remainder) plus
 *       interest on the outstanding principal, rounded half-up, so payments decrease.</li>
 * </ul>
 *
 * <p>The periodic rate {@code r} is the nominal annual rate divided by the periods in a year
 * ({@link PaymentFrequency#periodsPerYear()}: 12 or 52); day counts are not used. A zero rate
 * gives interest-free schedules.
 *
 * <pre>{@code
 * RepaymentSchedule s = ScheduleGenerator.annuity(Money.of("10000.00", USD),
 *     new BigDecimal("0.12"), 12, PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));
 * s.installment(1);   // due 2025-02-01: principal 788.49, interest 100.00
 * }</pre>
 */
public final class ScheduleGenerator {

  /** Highest accepted annual rate: 10 (1000 %), which catches a rate given in percent. */
  public static final BigDecimal MAX_ANNUAL_RATE = BigDecimal.TEN;

  private static final MathContext MC = MathContext.DECIMAL128;

  private ScheduleGenerator() {}

  /**
   * An annuity schedule: equal payments of principal and interest.
   *
   * @param principal    the loan's principal, positive
   * @param annualRate   nominal annual rate as a fraction, {@code 0.12} for 12 %; 0 to 10
   * @param installments how many, 1 to {@value RepaymentSchedule#MAX_INSTALLMENTS}, at most the
   *                     principal in minor units
   * @param frequency    monthly or weekly
   * @param firstDueDate the first installment's due date
   * @return the schedule
   * @throws InvalidRequestException when an argument is out of range
   */
  public static RepaymentSchedule annuity(Money principal, BigDecimal annualRate, int installments,
      PaymentFrequency frequency, LocalDate firstDueDate) {
    BigDecimal rate = check(principal, annualRate, installments, frequency, firstDueDate);
    long p = principal.minorUnits();
    long payment;
    if (rate.signum() == 0) {
      payment = p / installments;
    } else {
      BigDecimal growth = BigDecimal.ONE.add(rate, MC).pow(installments, MC);
      payment = toMinor(BigDecimal.valueOf(p).multiply(rate, MC).multiply(growth, MC)
          .divide(growth.subtract(BigDecimal.ONE, MC), MC), principal);
    }
    return build(principal, rate, installments, frequency, firstDueDate, payment, true);
  }

  /**
   * An equal-principal schedule: the same principal every time plus interest on what is
   * outstanding.
   *
   * @param principal    the loan's principal, positive
   * @param annualRate   nominal annual rate as a fraction, {@code 0.12} for 12 %; 0 to 10
   * @param installments how many, 1 to {@value RepaymentSchedule#MAX_INSTALLMENTS}, at most the
   *                     principal in minor units
   * @param frequency    monthly or weekly
   * @param firstDueDate the first installment's due date
   * @return the schedule
   * @throws InvalidRequestException when an argument is out of range
   */
  public static RepaymentSchedule equalPrincipal(Money principal, BigDecimal annualRate, int installments,
      PaymentFrequency frequency, LocalDate firstDueDate) {
    BigDecimal rate = check(principal, annualRate, installments, frequency, firstDueDate);
    long p = principal.minorUnits();
    return build(principal, rate, installments, frequency, firstDueDate, p / installments, false);
  }

  private static RepaymentSchedule build(Money principal, BigDecimal rate, int count,
      PaymentFrequency frequency, LocalDate firstDueDate, long perPeriod, boolean annuity) {
    CurrencyUnit currency = principal.currency();
    List<Installment> lines = new ArrayList<>(count);
    long outstanding = principal.minorUnits();
    for (int k = 0; k < count; k++) {
      long interest = toMinor(BigDecimal.valueOf(outstanding).multiply(rate, MC), principal);
      long principalPart;
      if (k == count - 1) {
        principalPart = outstanding;
      } else if (annuity) {
        // Rounding can make the payment fall short of the interest only by less than a minor
        // unit, and the early principal overshoot the balance only on tiny loans; clamp both.
        principalPart = Math.min(outstanding, Math.max(0, perPeriod - interest));
      } else {
        principalPart = perPeriod;
      }
      outstanding -= principalPart;
      lines.add(new Installment(k + 1, frequency.dueDate(firstDueDate, k),
          Money.ofMinor(principalPart, currency), Money.ofMinor(interest, currency)));
    }
    return new RepaymentSchedule(lines);
  }

  private static long toMinor(BigDecimal amount, Money principal) {
    try {
      return amount.setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidAmountException("principal", principal,
          "is too large: its interest does not fit in 64-bit minor units");
    }
  }

  private static BigDecimal check(@Nullable Money principal, @Nullable BigDecimal annualRate, int installments,
      @Nullable PaymentFrequency frequency, @Nullable LocalDate firstDueDate) {
    LoanChecks.positive(principal, "principal");
    if (annualRate == null) {
      throw new InvalidRequestException("annualRate", null, "must not be null");
    }
    if (annualRate.signum() < 0 || annualRate.compareTo(MAX_ANNUAL_RATE) > 0) {
      throw new InvalidRequestException("annualRate", annualRate.toPlainString(),
          "must be a fraction between 0 and " + MAX_ANNUAL_RATE + " (12 % is 0.12)");
    }
    if (installments < 1 || installments > RepaymentSchedule.MAX_INSTALLMENTS) {
      throw new InvalidRequestException("installments", installments,
          "must be between 1 and " + RepaymentSchedule.MAX_INSTALLMENTS);
    }
    if (principal.minorUnits() < installments) {
      throw new InvalidAmountException("principal", principal,
          "is too small to spread over " + installments + " installments (less than one minor unit each)");
    }
    if (frequency == null) {
      throw new InvalidRequestException("frequency", null, "must not be null");
    }
    if (firstDueDate == null) {
      throw new InvalidRequestException("firstDueDate", null, "must not be null");
    }
    return annualRate.divide(BigDecimal.valueOf(frequency.periodsPerYear()), MC);
  }
}
