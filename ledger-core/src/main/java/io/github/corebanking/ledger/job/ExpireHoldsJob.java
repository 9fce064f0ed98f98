package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Voids pending holds whose {@code expiresAt} has passed. A hold committed or voided by someone
 * else meanwhile is counted as {@code alreadySettled}, not as a failure.
 *
 * <pre>{@code
 * LedgerJob job = new ExpireHoldsJob(ledger, store, Clock.systemUTC(), 500);
 * scheduler.scheduleAtFixedRate(job::run, 1, 1, TimeUnit.MINUTES);
 * }</pre>
 */
public final class ExpireHoldsJob extends ExclusiveJob {

  private final Ledger ledger;
  private final int batchSize;

  /**
   * @param ledger    the ledger whose holds expire (voids go through it, so caches and listeners see them)
   * @param store     the ledger's store
   * @param clock     the clock deciding what has expired
   * @param batchSize holds fetched per round, 1 to 10,000
   */
  public ExpireHoldsJob(Ledger ledger, LedgerStore store, Clock clock, int batchSize) {
    super("expire-holds", store, clock);
    this.ledger = java.util.Objects.requireNonNull(ledger, "ledger");
    if (batchSize < 1 || batchSize > 10_000) {
      throw new io.github.corebanking.ledger.InvalidRequestException("batchSize", batchSize, "must be between 1 and 10000");
    }
    this.batchSize = batchSize;
  }

  @Override
  protected String execute(Map<String, Long> counts) {
    Instant now = clock().instant();
    long voided = 0;
    long settled = 0;
    while (true) {
      List<TransactionId> expired = store().findExpiredHolds(now, batchSize);
      for (TransactionId id : expired) {
        try {
          ledger.voidPending(id);
          voided++;
        } catch (TransactionStateException e) {
          settled++;
        }
      }
      if (expired.size() < batchSize) {
        break;
      }
    }
    counts.put("voided", voided);
    counts.put("alreadySettled", settled);
    return "voided " + voided + " expired holds";
  }
}
