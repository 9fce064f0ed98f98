package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the ledger throws. Unchecked; each subclass is a failure a caller
 * can act on. When a request is rejected, nothing was written.
 *
 * <p>Where the failure is about one input, {@link #field()} names it and {@link #value()} holds the
 * offending value as text; the message names both.
 */
public class LedgerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String field;
  private final @Nullable String value;

  /**
   * An exception about one field.
   *
   * @param field  the offending field, such as {@code "entries[1].amount"}
   * @param value  the offending value (its text is kept)
   * @param reason what is wrong with it
   */
  public LedgerException(@Nullable String field, @Nullable Object value, String reason) {
    this(field, value, reason, null);
  }

  /**
   * An exception about one field, with a cause.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason what is wrong with it
   * @param cause  the underlying failure
   */
  public LedgerException(@Nullable String field, @Nullable Object value, String reason,
      @Nullable Throwable cause) {
    super(format(field, value, reason), cause);
    this.field = field;
    this.value = value == null ? null : String.valueOf(value);
  }

  /**
   * An exception not tied to one field.
   *
   * @param message the message
   * @param cause   the underlying failure, or null
   */
  public LedgerException(String message, @Nullable Throwable cause) {
    super(message, cause);
    this.field = null;
    this.value = null;
  }

  private static String format(@Nullable String field, @Nullable Object value, String reason) {
    if (field == null) {
      return reason;
    }
    String shown = value == null ? "null" : "'" + value + "'";
    return field + " " + shown + " " + reason;
  }

  /** @return the offending field, or null when the failure is not about one field */
  public @Nullable String field() {
    return field;
  }

  /** @return the offending value as text, or null */
  public @Nullable String value() {
    return value;
  }
}
