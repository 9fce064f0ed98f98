package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * Posting would break an account's balance constraint (for example debits exceeding credits on a no-overdraft account), counting pending amounts.
 */
public class BalanceConstraintException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public BalanceConstraintException(@Nullable String field, @Nullable Object value, String reason) {
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
  public BalanceConstraintException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
