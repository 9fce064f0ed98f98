package io.github.corebanking.ledger.spi;

import org.jspecify.annotations.Nullable;

/**
 * A {@link PostingRule}'s answer.
 *
 * @param accepted whether the request may go on
 * @param field    on rejection, the offending field
 * @param value    on rejection, the offending value
 * @param reason   on rejection, why
 */
public record RuleDecision(boolean accepted, @Nullable String field, @Nullable String value, @Nullable String reason) {

  private static final RuleDecision ACCEPT = new RuleDecision(true, null, null, null);

  /** @return the acceptance */
  public static RuleDecision accept() {
    return ACCEPT;
  }

  /**
   * A rejection.
   *
   * @param field  the offending field
   * @param value  the offending value
   * @param reason why
   * @return the rejection
   */
  public static RuleDecision reject(String field, @Nullable Object value, String reason) {
    return new RuleDecision(false, field, value == null ? null : String.valueOf(value), reason);
  }
}
