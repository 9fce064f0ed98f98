package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CategoryTrialBalance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.spi.CategoryMembership;
import io.github.corebanking.ledger.spi.CategoryRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Arranges a trial balance under the chart's categories. Not supported for use outside the library.
 */
public final class CategoryTrialBalances {

  private CategoryTrialBalances() {}

  /**
   * @param trial       the trial balance, laid out by {@link TrialBalances}
   * @param categories  every category
   * @param memberships every membership
   * @return the trial balance grouped by category
   */
  public static CategoryTrialBalance group(TrialBalance trial, List<Category> categories,
      List<CategoryMembership> memberships) {
    Map<AccountId, TrialBalance.Line> lines = new HashMap<>();
    for (TrialBalance.Line l : trial.lines()) {
      lines.put(l.accountId(), l);
    }
    Map<CategoryId, Set<AccountId>> direct = new HashMap<>();
    Set<AccountId> placed = new HashSet<>();
    for (CategoryMembership m : memberships) {
      if (lines.containsKey(m.accountId())) {
        direct.computeIfAbsent(m.categoryId(), k -> new HashSet<>()).add(m.accountId());
        placed.add(m.accountId());
      }
    }
    List<CategoryTrialBalance.Group> groups = new ArrayList<>(categories.size());
    for (Map.Entry<Category, Integer> c : CategoryRules.chartOrder(categories)) {
      Set<AccountId> subtree = new HashSet<>();
      for (CategoryId id : CategoryRules.subtree(categories, c.getKey().id())) {
        subtree.addAll(direct.getOrDefault(id, Set.of()));
      }
      Set<AccountId> own = direct.getOrDefault(c.getKey().id(), Set.of());
      groups.add(new CategoryTrialBalance.Group(c.getKey(), c.getValue(), inOrder(trial, own),
          totals(inOrder(trial, subtree))));
    }
    List<TrialBalance.Line> uncategorized = new ArrayList<>();
    for (TrialBalance.Line l : trial.lines()) {
      if (!placed.contains(l.accountId())) {
        uncategorized.add(l);
      }
    }
    return new CategoryTrialBalance(trial.asOf(), groups, uncategorized, trial.totals());
  }

  /** The trial balance's lines of some accounts, in its order (by code). */
  private static List<TrialBalance.Line> inOrder(TrialBalance trial, Set<AccountId> accounts) {
    List<TrialBalance.Line> out = new ArrayList<>(accounts.size());
    for (TrialBalance.Line l : trial.lines()) {
      if (accounts.contains(l.accountId())) {
        out.add(l);
      }
    }
    return out;
  }

  /** The debit and credit columns of some lines, per currency, by currency code. */
  static List<TrialBalance.CurrencyTotal> totals(List<TrialBalance.Line> lines) {
    Map<String, long[]> sums = new TreeMap<>();
    Map<String, CurrencyUnit> units = new HashMap<>();
    for (TrialBalance.Line l : lines) {
      CurrencyUnit c = l.debit().currency();
      String key = c.code() + "/" + c.scale();
      units.put(key, c);
      long[] t = sums.computeIfAbsent(key, k -> new long[2]);
      t[0] = Math.addExact(t[0], l.debit().minorUnits());
      t[1] = Math.addExact(t[1], l.credit().minorUnits());
    }
    List<TrialBalance.CurrencyTotal> out = new ArrayList<>(sums.size());
    for (Map.Entry<String, long[]> t : sums.entrySet()) {
      CurrencyUnit c = units.get(t.getKey());
      out.add(new TrialBalance.CurrencyTotal(c, Money.ofMinor(t.getValue()[0], c), Money.ofMinor(t.getValue()[1], c)));
    }
    return out;
  }
}
