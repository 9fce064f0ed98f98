package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The store could not apply the request because of concurrent activity (serialization failures or deadlocks) within its retry budget; the request may be retried with the same idempotency key.
 */
public class ConcurrencyException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public ConcurrencyException(@Nullable String field, @Nullable Object value, String reason) {
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
  public ConcurrencyException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
