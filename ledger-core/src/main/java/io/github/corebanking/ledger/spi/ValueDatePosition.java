package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.internal.Checks;
import java.time.LocalDate;

/**
 * A place in an account's value-date order: entries are ordered by value date, then by account
 * version and ordinal (booking order).
 *
 * @param valueDate      the value date
 * @param accountVersion the entry's account version
 * @param ordinal        the entry's ordinal in its transaction
 */
public record ValueDatePosition(LocalDate valueDate, long accountVersion, int ordinal)
    implements Comparable<ValueDatePosition> {

  /** Checks the fields. */
  public ValueDatePosition {
    Checks.notNull(valueDate, "valueDate");
  }

  @Override
  public int compareTo(ValueDatePosition o) {
    int c = valueDate.compareTo(o.valueDate);
    if (c != 0) {
      return c;
    }
    c = Long.compare(accountVersion, o.accountVersion);
    return c != 0 ? c : Integer.compare(ordinal, o.ordinal);
  }
}
