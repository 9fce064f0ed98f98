package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.util.List;

/**
 * The trial balance: every account's posted balance at an instant, in a debit or a credit column,
 * with totals per currency. The books balance when, for every currency, the debit column equals
 * the credit column.
 *
 * @param asOf   the instant the balances are taken at
 * @param lines  one line per account, ordered by account code
 * @param totals one line per currency, ordered by currency code
 */
public record TrialBalance(Instant asOf, List<Line> lines, List<CurrencyTotal> totals) {

  /** Freezes the lists. */
  public TrialBalance {
    Checks.notNull(asOf, "asOf");
    lines = List.copyOf(Checks.notNull(lines, "lines"));
    totals = List.copyOf(Checks.notNull(totals, "totals"));
  }

  /** @return true when every currency's debits equal its credits */
  public boolean balanced() {
    return totals.stream().allMatch(CurrencyTotal::balanced);
  }

  /**
   * One account's line.
   *
   * @param accountId the account
   * @param code      its code
   * @param name      its name
   * @param type      its class
   * @param debit     the balance when it is a debit balance, else zero
   * @param credit    the balance when it is a credit balance, else zero
   */
  public record Line(AccountId accountId, String code, String name, AccountType type, Money debit, Money credit) {}

  /**
   * Totals of one currency.
   *
   * @param currency the currency
   * @param debits   the debit column's total
   * @param credits  the credit column's total
   */
  public record CurrencyTotal(CurrencyUnit currency, Money debits, Money credits) {
    /** @return whether debits equal credits */
    public boolean balanced() {
      return debits.minorUnits() == credits.minorUnits();
    }
  }
}
