package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.LocalDate;
import java.util.List;

/**
 * The trial balance on a value date: every account's posted balance counting the entries dated on
 * or before it, whenever they were booked. See {@link Ledger#trialBalanceOn}; the booking-time
 * trial balance is {@link TrialBalance}.
 *
 * @param valueDate the value date, inclusive
 * @param lines     one line per account, by code
 * @param totals    the totals per currency
 */
public record ValueDatedTrialBalance(LocalDate valueDate, List<TrialBalance.Line> lines,
    List<TrialBalance.CurrencyTotal> totals) {

  /** Freezes the lists. */
  public ValueDatedTrialBalance {
    Checks.notNull(valueDate, "valueDate");
    lines = List.copyOf(Checks.notNull(lines, "lines"));
    totals = List.copyOf(Checks.notNull(totals, "totals"));
  }

  /** @return true when every currency's debits equal its credits */
  public boolean balanced() {
    return totals.stream().allMatch(TrialBalance.CurrencyTotal::balanced);
  }
}
