package io.github.corebanking.ledger.loan.internal;

import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The loan model's own checks (references and their sizes); the ledger's text and null checks
 * are {@code ledger-core}'s, so one text policy holds for ledger and loans. Not supported for use
 * outside the library.
 */
public final class LoanChecks {

  /** Longest caller reference of a repayment or accrual. */
  public static final int MAX_REFERENCE = 32;
  /** Longest borrower reference. */
  public static final int MAX_BORROWER_REFERENCE = 128;

  // ':' is kept out because it separates the parts of the idempotency keys built from references.
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0," + (MAX_REFERENCE - 1) + "}");

  private LoanChecks() {}

  /**
   * Requires a caller reference: 1 to 32 letters, digits or {@code . _ / -}, starting with a
   * letter or digit.
   *
   * @param value the reference
   * @param field its name
   * @return the reference
   */
  public static String reference(@Nullable String value, String field) {
    if (value == null || !REFERENCE.matcher(value).matches()) {
      throw new InvalidRequestException(field, value,
          "must be 1 to " + MAX_REFERENCE + " letters, digits or . _ / -, starting with a letter or digit");
    }
    return value;
  }

  /**
   * Requires a positive amount.
   *
   * @param amount the amount
   * @param field  its name
   * @return the amount
   */
  public static Money positive(@Nullable Money amount, String field) {
    if (amount == null) {
      throw new InvalidAmountException(field, null, "must not be null");
    }
    if (!amount.isPositive()) {
      throw new InvalidAmountException(field, amount, "must be greater than zero");
    }
    return amount;
  }

  /**
   * Requires an amount that is zero or more.
   *
   * @param amount the amount
   * @param field  its name
   * @return the amount
   */
  public static Money notNegative(@Nullable Money amount, String field) {
    if (amount == null) {
      throw new InvalidAmountException(field, null, "must not be null");
    }
    if (amount.isNegative()) {
      throw new InvalidAmountException(field, amount, "must not be negative");
    }
    return amount;
  }
}
