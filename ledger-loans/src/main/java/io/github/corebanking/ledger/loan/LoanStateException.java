package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.LedgerException;
import org.jspecify.annotations.Nullable;

/**
 * The loan's status forbids the operation: disbursing a loan twice, accruing on or repaying a loan that is not disbursed or already closed, or closing a loan that still owes money.
 */
public class LoanStateException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public LoanStateException(@Nullable String field, @Nullable Object value, String reason) {
    super(field, value, reason);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   * @param cause  the underlying failure
   */
  public LoanStateException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
