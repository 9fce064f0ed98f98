package io.github.corebanking.ledger.spi;

/**
 * A database transaction that the caller owns, begins and ends, joined by the ledger so that a
 * posting commits or rolls back with the caller's own rows ({@link io.github.corebanking.ledger.Ledger#joining}).
 * A store that can join one provides it (the PostgreSQL store: {@code PostgresLedgerStore.join(connection)}).
 *
 * <p>The ledger posts through {@link #store()} with every rule it applies to its own postings, and
 * hands {@link #afterCommit} what it does after a commit (the balance cache, listeners): those run
 * once the caller's transaction has committed, and never when it rolls back.
 */
public interface CallerTransaction {

  /**
   * @return a store whose postings are written in the caller's transaction and not committed; its
   *     reads of balances and transactions see what the transaction has written
   */
  LedgerStore store();

  /**
   * Runs an action once the caller's transaction has committed, on the thread that learns of it;
   * drops it when the transaction rolls back.
   *
   * @param action what to run
   */
  void afterCommit(Runnable action);
}
