package io.github.corebanking.ledger.spi;

/**
 * Told by a store about what callers do not see in results: contention it retried or gave up on,
 * and partitions it had to create on demand. For metrics and logs; every method has a no-op
 * default, so an observer implements only what it needs.
 *
 * <p>A store calls the observer on the thread doing the work, outside its database transaction
 * where it can; an observer must be fast and must not throw (a store ignores what it throws).
 *
 * <pre>{@code
 * PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource)
 *     .observer(metrics.storeObserver())
 *     .build();
 * }</pre>
 */
public interface StoreObserver {

  /**
   * A database transaction met contention.
   *
   * @param operation  the store method, such as {@code "apply"}
   * @param contention what happened
   * @param attempt    which attempt met it, from 1
   * @param retrying   true when the store tries again; false when it gave up and the caller gets a
   *                   {@link io.github.corebanking.ledger.ConcurrencyException} (a
   *                   {@link io.github.corebanking.ledger.LockTimeoutException} for lock and
   *                   statement timeouts)
   */
  default void onContention(String operation, Contention contention, int attempt, boolean retrying) {}

  /**
   * A storage partition was created.
   *
   * @param partition its name, such as {@code "entries_2026_03"}
   * @param onDemand  true when a write needed it and it did not exist yet (the job that creates
   *                  partitions ahead of time is behind); false when created ahead of time
   */
  default void onPartitionCreated(String partition, boolean onDemand) {}

  /** @return an observer that ignores everything */
  static StoreObserver none() {
    return NoStoreObserver.INSTANCE;
  }

  /** Kinds of contention a store reports. */
  enum Contention {
    /** Another transaction's concurrent change made this one fail (PostgreSQL SQLSTATE 40001). */
    SERIALIZATION_FAILURE,
    /** The database broke a deadlock by aborting this transaction (40P01). */
    DEADLOCK,
    /** Waiting for a row or table lock took longer than the lock timeout (55P03). */
    LOCK_TIMEOUT,
    /** A statement ran longer than the statement timeout (57014). */
    STATEMENT_TIMEOUT
  }
}
