package io.github.corebanking.ledger.loan;

/** Where a loan is in its life. */
public enum LoanStatus {
  /** Registered with its schedule; the money has not been paid out yet. */
  REGISTERED,
  /** Disbursed: it accrues interest, takes repayments and appears in the aging report. */
  ACTIVE,
  /** Closed: fully repaid (or cancelled before disbursement); it takes no more postings. */
  CLOSED
}
