package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a value-dated statement: the posted entries of an account whose value dates fall in
 * {@code [from, to]}, in value-date order (then booking order), each with the value-dated running
 * balance after it. See {@link Ledger#valueDatedStatement}.
 *
 * @param accountId      the account
 * @param from           the first value date, inclusive
 * @param to             the last value date, inclusive
 * @param openingBalance the value-dated posted balance (normal side) before the page's first line
 * @param lines          the page's lines
 * @param nextCursor     the next page's cursor, or null on the last page
 */
public record ValueDatedStatementPage(AccountId accountId, LocalDate from, LocalDate to, Money openingBalance,
    List<ValueDatedLine> lines, @Nullable String nextCursor) {

  /** Freezes the lines. */
  public ValueDatedStatementPage {
    Checks.notNull(accountId, "accountId");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.notNull(openingBalance, "openingBalance");
    lines = List.copyOf(Checks.notNull(lines, "lines"));
  }

  /** @return the value-dated balance after the page's last line (the opening balance when empty) */
  public Money closingBalance() {
    return lines.isEmpty() ? openingBalance : lines.get(lines.size() - 1).valueBalanceAfter();
  }

  /** @return the next page's cursor, empty on the last page */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }

  /** @return whether another page follows */
  public boolean hasNext() {
    return nextCursor != null;
  }
}
