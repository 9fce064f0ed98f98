package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.InvalidAmountException;
import org.jspecify.annotations.Nullable;

/**
 * A repayment is larger than everything the loan still owes (unpaid principal and scheduled interest of every installment).
 */
public class ExcessRepaymentException extends InvalidAmountException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public ExcessRepaymentException(@Nullable String field, @Nullable Object value, String reason) {
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
  public ExcessRepaymentException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
