package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.spi.StoreObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link StoreObserver}, ignoring what it throws. Not supported for use outside the library. */
final class Observers {

  private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

  private Observers() {}

  static void partitionCreated(StoreObserver observer, String partition) {
    try {
      observer.onPartitionCreated(partition, true);
    } catch (RuntimeException e) {
      LOG.debug("store observer failed on a partition", e);
    }
  }

  static void contention(StoreObserver observer, String operation, String sqlState, int attempt, boolean retrying) {
    StoreObserver.Contention kind = switch (sqlState) {
      case "40001" -> StoreObserver.Contention.SERIALIZATION_FAILURE;
      case "40P01" -> StoreObserver.Contention.DEADLOCK;
      case "55P03" -> StoreObserver.Contention.LOCK_TIMEOUT;
      case "57014" -> StoreObserver.Contention.STATEMENT_TIMEOUT;
      default -> null;
    };
    if (kind == null) {
      return;
    }
    try {
      observer.onContention(operation, kind, attempt, retrying);
    } catch (RuntimeException e) {
      LOG.debug("store observer failed on contention", e);
    }
  }
}
