package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Transaction;
import java.util.List;

/**
 * What a store returns after applying a posting.
 *
 * @param transaction the transaction as stored (marked {@link Transaction#replayed() replayed} when
 *                    the idempotency key was seen before and nothing was written)
 * @param balances    the touched accounts' balances right after the posting; empty for a replay
 */
public record AppliedPosting(Transaction transaction, List<Balance> balances) {

  /** Freezes the list. */
  public AppliedPosting {
    balances = List.copyOf(balances);
  }

  /**
   * A replay result.
   *
   * @param original the stored transaction
   * @return the result, marked as a replay, with no balances
   */
  public static AppliedPosting replay(Transaction original) {
    return new AppliedPosting(original.asReplay(), List.of());
  }
}
