package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PageRequest;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of the change feed's reads and retention, checked once for every store and the
 * ledger ({@link LedgerStore#changes}, {@link LedgerStore#pruneChanges}), so that every store gives
 * the same verdict.
 */
public final class FeedRules {

  private FeedRules() {}

  /**
   * @param after the last position read
   * @param limit most changes
   * @throws InvalidRequestException naming {@code after} when negative, or {@code limit} when not in
   *     1 to {@value PageRequest#MAX_SIZE}
   */
  public static void checkRead(long after, int limit) {
    if (after < 0) {
      throw new InvalidRequestException("after", after, "must not be negative");
    }
    checkLimit(limit);
  }

  /**
   * @param recordedBefore only changes recorded before this instant
   * @param limit          most changes to delete
   * @throws InvalidRequestException naming {@code recordedBefore} when null, or {@code limit} when
   *     not in 1 to {@value PageRequest#MAX_SIZE}
   */
  public static void checkPrune(@Nullable Instant recordedBefore, int limit) {
    if (recordedBefore == null) {
      throw new InvalidRequestException("recordedBefore", null, "must not be null");
    }
    checkLimit(limit);
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > PageRequest.MAX_SIZE) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and " + PageRequest.MAX_SIZE);
    }
  }
}
