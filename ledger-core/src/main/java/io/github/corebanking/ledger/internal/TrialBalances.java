package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.ValueDatedTrialBalance;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lays out a trial balance from accounts and their as-of balances. Not supported for use outside the library. */
public final class TrialBalances {

  private TrialBalances() {}

  /**
   * Builds the trial balance.
   *
   * @param asOf     the instant
   * @param accounts every account
   * @param balances their balances at that instant (missing ones count as zero)
   * @return the trial balance, lines by code, totals by currency code
   */
  public static TrialBalance build(Instant asOf, List<Account> accounts, List<Balance> balances) {
    Layout layout = layout(accounts, balances);
    return new TrialBalance(asOf, layout.lines(), layout.totals());
  }

  /**
   * Builds the trial balance on a value date.
   *
   * @param valueDate the value date
   * @param accounts  every account
   * @param balances  their balances on that date (missing ones count as zero)
   * @return the trial balance, lines by code, totals by currency code
   */
  public static ValueDatedTrialBalance buildOn(LocalDate valueDate, List<Account> accounts, List<Balance> balances) {
    Layout layout = layout(accounts, balances);
    return new ValueDatedTrialBalance(valueDate, layout.lines(), layout.totals());
  }

  private record Layout(List<TrialBalance.Line> lines, List<TrialBalance.CurrencyTotal> totals) {}

  private static Layout layout(List<Account> accounts, List<Balance> balances) {
    Map<AccountId, Balance> byId = new HashMap<>();
    for (Balance b : balances) {
      byId.put(b.accountId(), b);
    }
    List<Account> sorted = new ArrayList<>(accounts);
    sorted.sort(Comparator.comparing(Account::code));
    List<TrialBalance.Line> lines = new ArrayList<>(sorted.size());
    Map<String, long[]> totals = new TreeMap<>();
    Map<String, CurrencyUnit> units = new HashMap<>();
    for (Account a : sorted) {
      Balance b = byId.getOrDefault(a.id(), Balance.zero(a));
      long net = Math.subtractExact(b.postedDebits(), b.postedCredits());
      CurrencyUnit c = a.currency();
      Money debit = Money.ofMinor(net > 0 ? net : 0, c);
      Money credit = Money.ofMinor(net < 0 ? Math.negateExact(net) : 0, c);
      lines.add(new TrialBalance.Line(a.id(), a.code(), a.name(), a.type(), debit, credit));
      String key = c.code() + "/" + c.scale();
      units.put(key, c);
      long[] t = totals.computeIfAbsent(key, k -> new long[2]);
      t[0] = Math.addExact(t[0], debit.minorUnits());
      t[1] = Math.addExact(t[1], credit.minorUnits());
    }
    List<TrialBalance.CurrencyTotal> currencyTotals = new ArrayList<>();
    for (Map.Entry<String, long[]> t : totals.entrySet()) {
      CurrencyUnit c = units.get(t.getKey());
      currencyTotals.add(new TrialBalance.CurrencyTotal(c, Money.ofMinor(t.getValue()[0], c),
          Money.ofMinor(t.getValue()[1], c)));
    }
    return new Layout(lines, currencyTotals);
  }
}
