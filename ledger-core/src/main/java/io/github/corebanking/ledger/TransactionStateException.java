package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The transaction's status forbids the operation: committing or voiding a transaction that is not pending, or reversing one that is not posted or was already reversed.
 */
public class TransactionStateException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public TransactionStateException(@Nullable String field, @Nullable Object value, String reason) {
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
  public TransactionStateException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
