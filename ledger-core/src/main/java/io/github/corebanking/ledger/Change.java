package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;

/**
 * One entry of the change feed ({@link Ledger#changes}): a transaction booked, or a transaction's
 * status changed, at a position.
 *
 * <p>Positions start at 1, grow by one per change, and follow commit order: a change that depends
 * on another (the commit of a hold, the reversal of a transaction) always comes after it, and a
 * reader that resumes after the last position it handled never misses a committed change.
 *
 * @param position    the change's place in the feed, from 1
 * @param type        what happened
 * @param transactionId the transaction it happened to (for {@link ChangeType#REVERSED}, the original)
 * @param status      the transaction's status right after the change
 * @param at          when: the booking instant for {@link ChangeType#BOOKED}, the settling instant for
 *                    {@link ChangeType#COMMITTED} and {@link ChangeType#VOIDED}, the reversal's booking
 *                    instant for {@link ChangeType#REVERSED}
 * @param transaction the transaction as stored when the feed was read, with its entries (which never
 *                    change) and its current status and reversal links
 */
public record Change(long position, ChangeType type, TransactionId transactionId, TransactionStatus status,
    Instant at, Transaction transaction) {

  /** Checks the fields. */
  public Change {
    if (position < 1) {
      throw new InvalidRequestException("position", position, "must be at least 1");
    }
    Checks.notNull(type, "type");
    Checks.notNull(transactionId, "transactionId");
    Checks.notNull(status, "status");
    Checks.notNull(at, "at");
    Checks.notNull(transaction, "transaction");
    if (!transaction.id().equals(transactionId)) {
      throw new InvalidRequestException("transaction", transaction.id(), "must be transaction " + transactionId);
    }
  }
}
