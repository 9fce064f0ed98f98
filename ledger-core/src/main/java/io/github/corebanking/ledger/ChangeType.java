package io.github.corebanking.ledger;

/** What a {@link Change} in the change feed records. */
public enum ChangeType {
  /** A transaction was booked: posted, or held (PENDING). Imported history is booked too. */
  BOOKED,
  /** A hold was committed: it is POSTED now. */
  COMMITTED,
  /** A hold was voided: its pending amounts were released. */
  VOIDED,
  /** A posted transaction was reversed; the reversing transaction has a {@code BOOKED} change of its own. */
  REVERSED
}
