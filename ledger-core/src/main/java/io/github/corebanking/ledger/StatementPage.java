package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of an account statement: entries in booking order, each with the running balance
 * after it.
 *
 * @param accountId  the account
 * @param entries    the page's entries, oldest first
 * @param nextCursor cursor for the next page, or null when this is the last page
 */
public record StatementPage(AccountId accountId, List<Entry> entries, @Nullable String nextCursor) {

  /** Freezes the entries. */
  public StatementPage {
    Checks.notNull(accountId, "accountId");
    entries = List.copyOf(Checks.notNull(entries, "entries"));
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
