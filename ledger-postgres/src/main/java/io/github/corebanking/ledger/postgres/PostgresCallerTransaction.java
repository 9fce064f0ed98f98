package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.spi.CallerTransaction;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database transaction on a connection the caller owns, joined by a {@link PostgresLedgerStore}
 * ({@link PostgresLedgerStore#join(Connection)}, or {@link PostgresLedgerStore#join(org.jdbi.v3.core.Handle)}
 * for a Jdbi handle): hand it to {@code Ledger.joining} and post; the postings commit or roll back
 * with the caller's own statements.
 *
 * <p>The ledger's work after a commit (the balance cache, listeners) waits here until the caller
 * says how its transaction ended: call {@link #committed()} after a successful {@code COMMIT}, or
 * {@link #rolledBack()} after a rollback. A transaction joined through a Jdbi handle is told by the
 * handle. Until then the cache may still hold the accounts' previous balances (their versions are
 * older, so nothing newer is ever overwritten), and the change feed has the postings as soon as the
 * commit is visible, whatever the caller says.
 *
 * <p>One transaction per instance, used from one thread at a time, like its connection.
 */
public final class PostgresCallerTransaction implements CallerTransaction {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresCallerTransaction.class);

  private final JoinedPostgresStore store;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private boolean ended;

  PostgresCallerTransaction(PostgresLedgerStore owner, Connection connection) {
    this.store = new JoinedPostgresStore(owner, connection);
  }

  /** @return the store that posts on the caller's connection */
  @Override
  public LedgerStore store() {
    return store;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when the transaction was already said to have ended
   */
  @Override
  public synchronized void afterCommit(Runnable action) {
    if (ended) {
      throw new IllegalStateException("the caller's transaction has already ended; join a new one");
    }
    afterCommit.add(action);
  }

  /**
   * Says the caller's transaction committed: runs what the ledger deferred (cache updates,
   * listeners) once, in posting order. An action that fails is logged and the rest still run.
   */
  public void committed() {
    List<Runnable> actions = end();
    for (Runnable r : actions) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("an after-commit action of a joined posting failed", e);
      }
    }
  }

  /** Says the caller's transaction rolled back: drops what the ledger deferred. */
  public void rolledBack() {
    end();
  }

  private synchronized List<Runnable> end() {
    store.forgetAccounts();
    if (ended) {
      return List.of();
    }
    ended = true;
    List<Runnable> actions = List.copyOf(afterCommit);
    afterCommit.clear();
    return actions;
  }

  @Override
  public String toString() {
    return "PostgresCallerTransaction[" + store.owner().schema() + "]";
  }
}
