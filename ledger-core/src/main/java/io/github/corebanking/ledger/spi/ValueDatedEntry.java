package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.internal.Checks;
import java.time.LocalDate;

/**
 * A posted entry with the value date of its transaction, as a store reads it for a value-dated
 * statement.
 *
 * @param valueDate the value date
 * @param entry     the entry
 */
public record ValueDatedEntry(LocalDate valueDate, Entry entry) {

  /** Checks the fields. */
  public ValueDatedEntry {
    Checks.notNull(valueDate, "valueDate");
    Checks.notNull(entry, "entry");
  }

  /** @return the entry's place in value-date order */
  public ValueDatePosition position() {
    return new ValueDatePosition(valueDate, entry.accountVersion(), entry.ordinal());
  }
}
