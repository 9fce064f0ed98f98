package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.StorePosting;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The store contract, unchanged, with every posting, commit, void and reversal made in a database
 * transaction the test owns: each {@code apply} and {@code applyAll} joins a fresh transaction on a
 * connection of the test's ({@link PostgresLedgerStore#join(Connection)}), posts through it and
 * commits it, so every posting rule runs through the caller's-transaction path. Everything else
 * goes to the store as usual.
 */
class CallerTransactionContractTest extends PostgresLedgerStoreContractTest {

  private final Map<LedgerStore, PostgresLedgerStore> stores = new ConcurrentHashMap<>();

  @Override
  protected LedgerStore newStore() {
    PostgresLedgerStore store = (PostgresLedgerStore) super.newStore();
    LedgerStore joining = (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(),
        new Class<?>[] {LedgerStore.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "apply":
              return inCallerTransaction(store, List.of((StorePosting) args[0])).get(0);
            case "applyAll":
              @SuppressWarnings("unchecked")
              List<StorePosting> postings = (List<StorePosting>) args[0];
              return inCallerTransaction(store, postings);
            case "toString":
              return "joining " + store;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
    stores.put(joining, store);
    return joining;
  }

  @Override
  protected void releaseStore(LedgerStore store) {
    super.releaseStore(stores.remove(store));
  }

  /** Joins a transaction on a connection of the test's, applies the postings through it, commits. */
  private static List<io.github.corebanking.ledger.spi.AppliedPosting> inCallerTransaction(PostgresLedgerStore store,
      List<StorePosting> postings) throws SQLException {
    DataSource ds = dataSource();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      PostgresCallerTransaction tx = store.join(c);
      try {
        List<io.github.corebanking.ledger.spi.AppliedPosting> applied = tx.store().applyAll(postings);
        c.commit();
        tx.committed();
        return applied;
      } catch (RuntimeException | Error e) {
        c.rollback();
        tx.rolledBack();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}
