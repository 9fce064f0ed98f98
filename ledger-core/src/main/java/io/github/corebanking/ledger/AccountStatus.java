package io.github.corebanking.ledger;

/** The life-cycle status of an account. */
public enum AccountStatus {
  /** Accepts postings. */
  OPEN,
  /** Rejects new postings; pending holds may still be voided. Can be reopened. */
  FROZEN,
  /** Final: the account had a zero balance and no pending amounts when closed. */
  CLOSED
}
