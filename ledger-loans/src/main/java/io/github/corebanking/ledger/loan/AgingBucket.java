package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.loan.internal.LoanChecks;

/**
 * A range of days past due, such as {@code 31-60}.
 *
 * @param label   the name shown in reports, such as {@code "CURRENT"} or {@code "90+"}
 * @param minDays the fewest days past due it holds, 0 or more
 * @param maxDays the most days past due it holds; {@link Integer#MAX_VALUE} for no limit
 */
public record AgingBucket(String label, int minDays, int maxDays) {

  /** Checks the range. */
  public AgingBucket {
    Checks.text(label, "bucket.label", 32);
    if (minDays < 0) {
      throw new InvalidRequestException("bucket.minDays", minDays, "must not be negative");
    }
    if (maxDays < minDays) {
      throw new InvalidRequestException("bucket.maxDays", maxDays, "must not be less than minDays " + minDays);
    }
  }

  /**
   * @param daysPastDue days past due, 0 or more
   * @return whether a loan that many days past due falls in this bucket
   */
  public boolean contains(int daysPastDue) {
    return daysPastDue >= minDays && daysPastDue <= maxDays;
  }

  /** @return whether the bucket has no upper limit */
  public boolean isOpenEnded() {
    return maxDays == Integer.MAX_VALUE;
  }

  @Override
  public String toString() {
    return label;
  }
}
