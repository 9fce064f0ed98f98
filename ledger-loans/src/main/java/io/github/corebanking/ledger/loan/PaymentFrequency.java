package io.github.corebanking.ledger.loan;

import java.time.LocalDate;

/** How often installments fall due in a generated schedule. */
public enum PaymentFrequency {
  /**
   * Every month, on the first due date's day of the month (or the month's last day when it is
   * shorter: a schedule starting on January 31 falls due on February 28 or 29, then March 31).
   * The periodic rate is the annual rate divided by 12.
   */
  MONTHLY(12),
  /** Every seven days. The periodic rate is the annual rate divided by 52. */
  WEEKLY(52);

  private final int periodsPerYear;

  PaymentFrequency(int periodsPerYear) {
    this.periodsPerYear = periodsPerYear;
  }

  /** @return how many periods make a year, the divisor of the annual rate */
  public int periodsPerYear() {
    return periodsPerYear;
  }

  /**
   * The due date of an installment.
   *
   * @param firstDueDate the first installment's due date
   * @param index        0 for the first installment, 1 for the second...
   * @return its due date
   */
  public LocalDate dueDate(LocalDate firstDueDate, int index) {
    return switch (this) {
      case MONTHLY -> firstDueDate.plusMonths(index);
      case WEEKLY -> firstDueDate.plusWeeks(index);
    };
  }
}
