package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.LocalDate;

/**
 * One line of a value-dated statement: a posted entry, the value date it is worth, and the
 * account's value-dated running balance after it.
 *
 * <p>{@code valueBalanceAfter} counts entries in value-date order (by value date, then booking
 * order within a day), so a backdated entry moves the balance of every later line. It differs from
 * {@link Entry#balanceAfter()}, which is the running balance in booking order, fixed when the entry
 * was booked.
 *
 * @param valueDate         the value date of the entry's transaction
 * @param entry             the posted entry
 * @param valueBalanceAfter the posted balance (normal side) of every entry dated before this line,
 *     or on its date and booked up to it
 */
public record ValueDatedLine(LocalDate valueDate, Entry entry, Money valueBalanceAfter) {

  /** Checks the fields. */
  public ValueDatedLine {
    Checks.notNull(valueDate, "valueDate");
    Checks.notNull(entry, "entry");
    Checks.notNull(valueBalanceAfter, "valueBalanceAfter");
  }
}
