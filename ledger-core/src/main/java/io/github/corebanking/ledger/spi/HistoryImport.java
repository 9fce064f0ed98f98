package io.github.corebanking.ledger.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a ledger's history import stands, as a store read it under the lock that orders imports
 * and live postings (see {@link LedgerStore#importHistory}).
 *
 * @param bookedThrough the booking instant of the latest imported posting, or null when nothing was
 *                      imported
 * @param live          true once a live posting (a posting, commit, void or reversal booked by the
 *                      ledger's own clock) was written: from then on nothing more is imported
 */
public record HistoryImport(@Nullable Instant bookedThrough, boolean live) {

  /** A ledger that has neither imported nor live postings. */
  public static final HistoryImport NONE = new HistoryImport(null, false);
}
