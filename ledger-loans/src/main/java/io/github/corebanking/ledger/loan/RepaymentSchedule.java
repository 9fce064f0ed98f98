package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A loan's installments, numbered 1, 2, 3... with strictly ascending due dates, all in one
 * currency.
 *
 * <p>Give the installments yourself or let {@link ScheduleGenerator} compute an annuity or an
 * equal-principal schedule:
 *
 * <pre>{@code
 * RepaymentSchedule mine = RepaymentSchedule.builder()
 *     .installment(LocalDate.of(2025, 2, 1), Money.of("500.00", USD), Money.of("10.00", USD))
 *     .installment(LocalDate.of(2025, 3, 1), Money.of("500.00", USD), Money.of("5.00", USD))
 *     .build();
 * RepaymentSchedule annuity = ScheduleGenerator.annuity(Money.of("10000.00", USD),
 *     new BigDecimal("0.12"), 12, PaymentFrequency.MONTHLY, LocalDate.of(2025, 2, 1));
 * }</pre>
 *
 * @param installments the installments in order
 */
public record RepaymentSchedule(List<Installment> installments) {

  /** Most installments in one schedule (a hundred years of monthly payments). */
  public static final int MAX_INSTALLMENTS = 1200;

  /**
   * Checks numbering, order and currency.
   *
   * @throws InvalidScheduleException  when there are no or too many installments, a number is out
   *                                   of sequence or a due date is not after the previous one
   * @throws CurrencyMismatchException when installments are in different currencies
   */
  public RepaymentSchedule {
    if (installments == null) {
      throw new InvalidScheduleException("schedule", null, "must not be null");
    }
    installments = List.copyOf(nonNull(installments));
    if (installments.isEmpty()) {
      throw new InvalidScheduleException("schedule", "0 installments", "must have at least one installment");
    }
    if (installments.size() > MAX_INSTALLMENTS) {
      throw new InvalidScheduleException("schedule", installments.size() + " installments",
          "has more than " + MAX_INSTALLMENTS + " installments");
    }
    CurrencyUnit currency = installments.get(0).principalDue().currency();
    Installment previous = null;
    for (int i = 0; i < installments.size(); i++) {
      Installment current = installments.get(i);
      if (current.number() != i + 1) {
        throw new InvalidScheduleException("schedule[" + (i + 1) + "].number", current.number(),
            "is out of sequence: installments are numbered 1, 2, 3... in order");
      }
      if (!current.principalDue().currency().equals(currency)) {
        throw new CurrencyMismatchException("schedule[" + current.number() + "].principalDue",
            current.principalDue(), "is not in the schedule's currency " + currency.code());
      }
      if (previous != null && !current.dueDate().isAfter(previous.dueDate())) {
        throw new InvalidScheduleException("schedule[" + current.number() + "].dueDate", current.dueDate(),
            "is not after installment " + previous.number() + "'s due date " + previous.dueDate()
                + ": due dates must be in ascending order");
      }
      previous = current;
    }
  }

  private static List<Installment> nonNull(List<Installment> installments) {
    for (int i = 0; i < installments.size(); i++) {
      if (installments.get(i) == null) {
        throw new InvalidScheduleException("schedule[" + (i + 1) + "]", null, "must not be null");
      }
    }
    return installments;
  }

  /**
   * A schedule from installments.
   *
   * @param installments the installments, numbered 1, 2, 3...
   * @return the schedule
   */
  public static RepaymentSchedule of(List<Installment> installments) {
    return new RepaymentSchedule(installments);
  }

  /** @return a builder that numbers installments as they are added */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the currency of every amount in the schedule */
  public CurrencyUnit currency() {
    return installments.get(0).principalDue().currency();
  }

  /** @return how many installments there are */
  public int size() {
    return installments.size();
  }

  /**
   * @param number 1 to {@link #size()}
   * @return that installment
   * @throws IndexOutOfBoundsException when there is no such installment
   */
  public Installment installment(int number) {
    return installments.get(number - 1);
  }

  /** @return the sum of the principal due */
  public Money totalPrincipal() {
    Money sum = Money.zero(currency());
    for (Installment i : installments) {
      sum = sum.plus(i.principalDue());
    }
    return sum;
  }

  /** @return the sum of the interest due */
  public Money totalInterest() {
    Money sum = Money.zero(currency());
    for (Installment i : installments) {
      sum = sum.plus(i.interestDue());
    }
    return sum;
  }

  /** @return the first due date */
  public LocalDate firstDueDate() {
    return installments.get(0).dueDate();
  }

  /** @return the last due date (the loan's maturity) */
  public LocalDate lastDueDate() {
    return installments.get(installments.size() - 1).dueDate();
  }

  /** Builds a {@link RepaymentSchedule}, numbering installments 1, 2, 3... as they are added. */
  public static final class Builder {
    private final List<Installment> installments = new ArrayList<>();

    private Builder() {}

    /**
     * Adds the next installment.
     *
     * @param dueDate      its due date, after the previous one
     * @param principalDue principal
     * @param interestDue  interest
     * @return this builder
     */
    public Builder installment(LocalDate dueDate, Money principalDue, Money interestDue) {
      installments.add(new Installment(installments.size() + 1, dueDate, principalDue, interestDue));
      return this;
    }

    /** @return the checked schedule */
    public RepaymentSchedule build() {
      return new RepaymentSchedule(installments);
    }
  }
}
