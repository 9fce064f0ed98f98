package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * A transaction's debits and credits differ for a currency, or it has fewer than two entries.
 */
public class UnbalancedTransactionException extends InvalidRequestException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public UnbalancedTransactionException(@Nullable String field, @Nullable Object value, String reason) {
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
  public UnbalancedTransactionException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
