package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * An amount is not acceptable: zero or negative where a positive amount is needed, more fractional digits than its currency allows, or too large for 64-bit minor units.
 */
public class InvalidAmountException extends InvalidRequestException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   */
  public InvalidAmountException(@Nullable String field, @Nullable Object value, String reason) {
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
  public InvalidAmountException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
