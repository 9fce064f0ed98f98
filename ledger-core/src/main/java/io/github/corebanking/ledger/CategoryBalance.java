package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.internal.NormalSides;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A category's balance: per currency, the counters of every account of its subtree summed, each
 * account counted once even when it belongs to several categories of the subtree, and read on the
 * category's normal side with the meaning of {@link Balance}: {@link Line#posted()},
 * {@link Line#pending()} and {@link Line#available()}.
 *
 * <pre>{@code
 * CategoryBalance assets = ledger.categoryBalance(assetsId);
 * assets.currency(CurrencyUnit.USD).map(CategoryBalance.Line::posted);   // Optional[1250000.00 USD]
 * }</pre>
 *
 * @param categoryId the category
 * @param normalSide its normal side
 * @param asOf       the instant of an as-of read (pending counters zero), or null for a current read
 * @param lines      one line per currency its accounts hold, put in order of currency code and
 *                   scale; empty when it has no accounts
 */
public record CategoryBalance(CategoryId categoryId, Side normalSide, @Nullable Instant asOf, List<Line> lines) {

  /** Checks the fields and freezes the lines. */
  public CategoryBalance {
    Checks.notNull(categoryId, "categoryBalance.categoryId");
    Checks.notNull(normalSide, "categoryBalance.normalSide");
    List<Line> sorted = new ArrayList<>(Checks.notNull(lines, "categoryBalance.lines"));
    sorted.sort(Comparator.comparing((Line l) -> l.currency().code()).thenComparingInt(l -> l.currency().scale()));
    lines = List.copyOf(sorted);
    for (Line l : lines) {
      if (l.normalSide() != normalSide) {
        throw new InvalidRequestException("categoryBalance.lines", l.currency(), "must be read on the category's side");
      }
    }
  }

  /**
   * @param currency a currency
   * @return its line, if the category holds accounts in it
   */
  public Optional<Line> currency(CurrencyUnit currency) {
    return lines.stream().filter(l -> l.currency().equals(currency)).findFirst();
  }

  /** @return how many accounts the category's subtree holds, each counted once */
  public int accounts() {
    return lines.stream().mapToInt(Line::accounts).sum();
  }

  /**
   * The counters of a category's accounts in one currency.
   *
   * @param currency       the currency
   * @param normalSide     the category's normal side
   * @param accounts       how many accounts in this currency were counted
   * @param postedDebits   sum of their posted debits
   * @param postedCredits  sum of their posted credits
   * @param pendingDebits  sum of their pending debits
   * @param pendingCredits sum of their pending credits
   */
  public record Line(CurrencyUnit currency, Side normalSide, int accounts, long postedDebits, long postedCredits,
      long pendingDebits, long pendingCredits) {

    /** Checks the fields. */
    public Line {
      Checks.notNull(currency, "categoryBalance.currency");
      Checks.notNull(normalSide, "categoryBalance.normalSide");
      if (accounts < 1) {
        throw new InvalidRequestException("categoryBalance.accounts", accounts, "must be at least 1");
      }
      if (postedDebits < 0 || postedCredits < 0 || pendingDebits < 0 || pendingCredits < 0) {
        throw new InvalidRequestException("categoryBalance", currency, "counters must not be negative");
      }
    }

    /** @return the posted balance on the category's normal side (may be negative) */
    public Money posted() {
      return Money.ofMinor(NormalSides.net(normalSide, postedDebits, postedCredits, "categoryBalance", currency),
          currency);
    }

    /** @return the pending balance on the category's normal side (may be negative) */
    public Money pending() {
      return Money.ofMinor(NormalSides.net(normalSide, pendingDebits, pendingCredits, "categoryBalance", currency),
          currency);
    }

    /** @return posted less pending amounts on the side opposite the category's (holds) */
    public Money available() {
      return Money.ofMinor(NormalSides.available(normalSide, postedDebits, postedCredits, pendingDebits,
          pendingCredits, "categoryBalance", currency), currency);
    }
  }
}
