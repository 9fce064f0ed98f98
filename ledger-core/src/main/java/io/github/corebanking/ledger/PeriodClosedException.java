package io.github.corebanking.ledger;

import java.time.LocalDate;

/**
 * A posting, commit, void or reversal would change the books of a closed period: its value date
 * (effective date) is on or before the date the ledger is closed through. Not retryable; reopen
 * the period ({@link Ledger#reopenPeriod}) or book the correction with a later value date.
 */
public class PeriodClosedException extends LedgerException {

  private static final long serialVersionUID = 1L;

  private final LocalDate closedThrough;

  /**
   * Creates the exception.
   *
   * @param field         the offending field, such as {@code "effectiveDate"}
   * @param value         the offending value date
   * @param closedThrough the last day of the closed periods
   */
  public PeriodClosedException(String field, LocalDate value, LocalDate closedThrough) {
    super(field, value, "is in a closed period: the ledger is closed through " + closedThrough);
    this.closedThrough = closedThrough;
  }

  /** @return the last day of the closed periods when the request was refused */
  public LocalDate closedThrough() {
    return closedThrough;
  }
}
