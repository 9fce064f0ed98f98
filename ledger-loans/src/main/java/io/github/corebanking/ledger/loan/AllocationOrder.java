package io.github.corebanking.ledger.loan;

/**
 * How a repayment is split within an installment. Across installments a repayment always goes to
 * the oldest unpaid installment first.
 */
public enum AllocationOrder {
  /** The installment's unpaid interest first, then its principal: the usual order. */
  INTEREST_FIRST,
  /** The installment's unpaid principal first, then its interest. */
  PRINCIPAL_FIRST
}
