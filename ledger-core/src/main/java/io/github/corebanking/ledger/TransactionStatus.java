package io.github.corebanking.ledger;

/** The status of a transaction. */
public enum TransactionStatus {
  /** A hold: moves the pending counters only, awaiting commit or void. */
  PENDING,
  /** Booked: moves the posted counters. Final; it may be reversed by another transaction. */
  POSTED,
  /** A pending transaction whose hold was released without posting. Final. */
  VOIDED
}
