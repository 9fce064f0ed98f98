package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A repayment schedule is not acceptable: no installments, installments out of order or not numbered 1, 2, 3..., due dates not after the disbursement date or not ascending, or principal that does not sum to the loan's principal.
 */
public class InvalidScheduleException extends InvalidRequestException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public InvalidScheduleException(@Nullable String field, @Nullable Object value, String reason) {
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
  public InvalidScheduleException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
