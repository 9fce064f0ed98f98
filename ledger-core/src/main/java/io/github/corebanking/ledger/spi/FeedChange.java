package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;

/**
 * A change a batch adds to the change feed, before the store gives it a position
 * ({@link BatchPlan#changes()}).
 *
 * @param type          what happened
 * @param transactionId the transaction it happened to
 * @param status        the transaction's status right after the change
 * @param at            when, as {@link io.github.corebanking.ledger.Change#at()} describes it
 */
public record FeedChange(ChangeType type, TransactionId transactionId, TransactionStatus status, Instant at) {

  /** Checks the fields. */
  public FeedChange {
    Checks.notNull(type, "type");
    Checks.notNull(transactionId, "transactionId");
    Checks.notNull(status, "status");
    Checks.notNull(at, "at");
  }
}
