package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.JoinedLedger;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.postgres.PostgresCallerTransaction;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The ledger's postings in the Spring transaction of the calling thread: inside a
 * {@code @Transactional} method (or a {@code TransactionTemplate}) on the ledger's
 * {@code DataSource}, {@link #current()} posts on the transaction's connection, so the posting
 * commits or rolls back with the method's other writes, and the balance cache and listeners hear of
 * it after the commit.
 *
 * <pre>{@code
 * @Transactional
 * public void disburse(Loan loan) {
 *   loans.markDisbursed(loan);                        // JdbcTemplate, JPA on the same DataSource ...
 *   ledgerTransactions.current().post(disbursement(loan));
 * }
 * }</pre>
 *
 * <p>The transaction manager must manage the ledger store's {@code DataSource} (Spring Boot's
 * {@code DataSourceTransactionManager}, or a {@code JpaTransactionManager} over it).
 */
public final class LedgerTransactions {

  private final Ledger ledger;
  private final LedgerStore store;
  private final DataSource dataSource;

  /**
   * @param ledger     the ledger
   * @param store      its store, a {@link PostgresLedgerStore} to post in a caller's transaction
   * @param dataSource the data source the transactions are on (the store's)
   */
  public LedgerTransactions(Ledger ledger, LedgerStore store, DataSource dataSource) {
    this.ledger = ledger;
    this.store = store;
    this.dataSource = dataSource;
  }

  /**
   * @return the ledger's postings in the Spring transaction active on this thread, joined on its
   *     first use in that transaction
   * @throws InvalidRequestException naming {@code transaction} when no Spring transaction is active,
   *     or {@code store} when the ledger's store is not PostgreSQL
   */
  public JoinedLedger current() {
    if (!(store instanceof PostgresLedgerStore postgres)) {
      throw new InvalidRequestException("store", store, "is not a PostgresLedgerStore: only PostgreSQL posts in the "
          + "caller's transaction; nothing was written");
    }
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new InvalidRequestException("transaction", "none",
          "is not active on this thread: post in the caller's transaction from a @Transactional method or a "
              + "TransactionTemplate; nothing was written");
    }
    PostgresCallerTransaction joined = (PostgresCallerTransaction) TransactionSynchronizationManager.getResource(this);
    if (joined == null) {
      Connection connection = DataSourceUtils.getConnection(dataSource);
      PostgresCallerTransaction tx = postgres.join(connection);
      TransactionSynchronizationManager.bindResource(this, tx);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(LedgerTransactions.this);
          DataSourceUtils.releaseConnection(connection, dataSource);
          if (status == STATUS_COMMITTED) {
            tx.committed();
          } else {
            tx.rolledBack();
          }
        }
      });
      joined = tx;
    }
    return ledger.joining(joined);
  }
}
