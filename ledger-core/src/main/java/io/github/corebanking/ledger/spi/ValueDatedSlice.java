package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.internal.Checks;
import java.util.List;

/**
 * What a store reads for one page of a value-dated statement: the value-dated posted balance just
 * before the slice's first place, and the entries from there on. The ledger adds the running
 * balances and the cursor.
 *
 * @param before  the posted balance (normal side) of every posted entry before the slice's start
 *     in value-date order
 * @param entries the posted entries, in value-date order
 */
public record ValueDatedSlice(Money before, List<ValueDatedEntry> entries) {

  /** Freezes the entries. */
  public ValueDatedSlice {
    Checks.notNull(before, "before");
    entries = List.copyOf(Checks.notNull(entries, "entries"));
  }
}
