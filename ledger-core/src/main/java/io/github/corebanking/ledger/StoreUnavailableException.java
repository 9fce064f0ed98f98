package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The store cannot be reached or failed in a way that is not the request's fault; the outcome of a posting is known only through its idempotency key.
 */
public class StoreUnavailableException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public StoreUnavailableException(@Nullable String field, @Nullable Object value, String reason) {
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
  public StoreUnavailableException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
