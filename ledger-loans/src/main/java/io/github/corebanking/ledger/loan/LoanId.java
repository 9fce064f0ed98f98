package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A loan's id, chosen by the loan-management system: its loan number, such as {@code "L-2025-0042"}.
 *
 * @param value 1 to 64 letters, digits or {@code . _ / -}, starting with a letter or digit
 */
public record LoanId(String value) implements Comparable<LoanId> {

  /** Longest id. */
  public static final int MAX_LENGTH = 64;

  // ':' is kept out because it separates the parts of the idempotency keys built from the id.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0," + (MAX_LENGTH - 1) + "}");

  /**
   * Checks the value.
   *
   * @throws InvalidRequestException when it is null or badly formed
   */
  public LoanId {
    if (value == null || !ID.matcher(value).matches()) {
      throw new InvalidRequestException("loanId", value,
          "must be 1 to " + MAX_LENGTH + " letters, digits or . _ / -, starting with a letter or digit");
    }
  }

  /**
   * @param value the loan number
   * @return the id
   */
  public static LoanId of(String value) {
    return new LoanId(value);
  }

  @Override
  public int compareTo(LoanId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
