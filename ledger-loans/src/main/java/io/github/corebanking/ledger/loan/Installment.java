package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.time.LocalDate;

/**
 * One line of a repayment schedule: what falls due on a date.
 *
 * <p>Error messages name an installment by its number: {@code schedule[3].dueDate} is the third
 * installment's due date.
 *
 * @param number       1 for the first installment, 2 for the second...
 * @param dueDate      the day it falls due; unpaid the day after, it is past due
 * @param principalDue the principal it repays, zero or more
 * @param interestDue  the interest it pays, zero or more, in the principal's currency
 */
public record Installment(int number, LocalDate dueDate, Money principalDue, Money interestDue) {

  /** Checks the fields. */
  public Installment {
    if (number < 1) {
      throw new InvalidScheduleException("schedule.number", number, "must be 1 or more");
    }
    if (dueDate == null) {
      throw new InvalidScheduleException("schedule[" + number + "].dueDate", null, "must not be null");
    }
    LoanChecks.notNegative(principalDue, "schedule[" + number + "].principalDue");
    LoanChecks.notNegative(interestDue, "schedule[" + number + "].interestDue");
    if (!principalDue.currency().equals(interestDue.currency())) {
      throw new CurrencyMismatchException("schedule[" + number + "].interestDue", interestDue,
          "is not in the principal's currency " + principalDue.currency().code());
    }
  }

  /**
   * An installment from decimal amounts.
   *
   * @param number       its number
   * @param dueDate      its due date
   * @param principalDue principal, such as {@code "833.33"}
   * @param interestDue  interest, such as {@code "100.00"}
   * @param currency     the currency's ISO code
   * @return the installment
   * @throws InvalidRequestException when an amount does not parse
   */
  public static Installment of(int number, LocalDate dueDate, String principalDue, String interestDue,
      String currency) {
    return new Installment(number, dueDate, Money.of(principalDue, currency), Money.of(interestDue, currency));
  }

  /** @return principal plus interest */
  public Money totalDue() {
    return principalDue.plus(interestDue);
  }
}
