package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The trial balance grouped by category: the lines of {@link TrialBalance} (each account's posted
 * balance at an instant in its debit or credit column) arranged under the chart's categories.
 *
 * <p>{@link #groups()} lists every category in chart order: depth first, siblings by code. A group
 * holds the lines of the accounts placed in it directly and, per currency, the subtotals of the
 * debit and credit columns over its whole subtree, each account counted once. An account in two
 * categories shows in both groups; an account in none shows in {@link #uncategorized()}.
 * {@link #totals()} are the whole ledger's, as in {@link TrialBalance#totals()}, whatever the
 * groups: the books balance when they do.
 *
 * @param asOf          the instant the balances are taken at
 * @param groups        one group per category, in chart order
 * @param uncategorized the lines of accounts in no category, by code
 * @param totals        the whole ledger's totals per currency, by currency code
 */
public record CategoryTrialBalance(Instant asOf, List<Group> groups, List<TrialBalance.Line> uncategorized,
    List<TrialBalance.CurrencyTotal> totals) {

  /** Checks the fields and freezes the lists. */
  public CategoryTrialBalance {
    Checks.notNull(asOf, "asOf");
    groups = List.copyOf(Checks.notNull(groups, "groups"));
    uncategorized = List.copyOf(Checks.notNull(uncategorized, "uncategorized"));
    totals = List.copyOf(Checks.notNull(totals, "totals"));
  }

  /** @return true when every currency's debits equal its credits over the whole ledger */
  public boolean balanced() {
    return totals.stream().allMatch(TrialBalance.CurrencyTotal::balanced);
  }

  /**
   * @param id a category
   * @return its group, if the category existed when the trial balance was taken
   */
  public Optional<Group> group(CategoryId id) {
    return groups.stream().filter(g -> g.category().id().equals(id)).findFirst();
  }

  /**
   * One category's part of the trial balance.
   *
   * @param category  the category
   * @param depth     0 for a top-level category, 1 for its children, and so on
   * @param lines     the lines of the accounts placed in this category directly, by code
   * @param subtotals per currency, the debit and credit columns summed over every account of the
   *                  subtree (each once), by currency code
   */
  public record Group(Category category, int depth, List<TrialBalance.Line> lines,
      List<TrialBalance.CurrencyTotal> subtotals) {

    /** Checks the fields and freezes the lists. */
    public Group {
      Checks.notNull(category, "group.category");
      if (depth < 0) {
        throw new InvalidRequestException("group.depth", depth, "must not be negative");
      }
      lines = List.copyOf(Checks.notNull(lines, "group.lines"));
      subtotals = List.copyOf(Checks.notNull(subtotals, "group.subtotals"));
    }
  }
}
