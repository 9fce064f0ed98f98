package io.github.corebanking.ledger.loan;

/** Where an aging report's figures come from, and so how fresh they are. */
public enum AgingSource {
  /**
   * A precomputed snapshot (on PostgreSQL, the {@code loan_aging} materialized view): cheap to
   * read, and as fresh as its last refresh, the report's {@code refreshedAt}. Changes booked after
   * that are not in it.
   */
  SNAPSHOT,
  /** Computed from the loans when the report was asked for, at {@code refreshedAt}: exact. */
  LIVE
}
