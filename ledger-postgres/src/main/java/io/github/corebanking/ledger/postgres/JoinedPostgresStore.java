package io.github.corebanking.ledger.postgres;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.job.JobRuns;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.BatchPlan;
import io.github.corebanking.ledger.spi.ForwardingLedgerStore;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The store a {@link PostgresCallerTransaction} posts through: postings, commits, voids and
 * reversals, and reads of transactions and balances, on the caller's connection without committing;
 * everything else through the owning store, on its own connections ({@link ForwardingLedgerStore}).
 */
final class JoinedPostgresStore extends ForwardingLedgerStore {

  private final PostgresLedgerStore owner;
  private final Connection connection;
  private final Set<AccountId> touched = new HashSet<>();

  JoinedPostgresStore(PostgresLedgerStore owner, Connection connection) {
    this.owner = owner;
    this.connection = connection;
  }

  PostgresLedgerStore owner() {
    return owner;
  }

  /** @return the owning store, which everything but postings and their reads goes to */
  @Override
  protected LedgerStore delegate() {
    return owner;
  }

  /** Forgets the remembered states of the accounts this transaction touched: they may be rolled back. */
  synchronized void forgetAccounts() {
    owner.engine().forget(List.copyOf(touched));
  }

  @Override
  public AppliedPosting apply(StorePosting posting) {
    return applyAll(List.of(notNull(posting, "posting"))).get(0);
  }

  @Override
  public List<AppliedPosting> applyAll(List<StorePosting> postings) {
    List<StorePosting> list = owner.checkedBatch(postings);
    if (list.isEmpty()) {
      return List.of();
    }
    List<AppliedPosting> result = new ArrayList<>(list.size());
    for (BatchPlan.Outcome o : owner.engine().applyJoined(connection, list, true)) {
      AppliedPosting applied = o.get();
      synchronized (this) {
        for (Balance b : applied.balances()) {
          touched.add(b.accountId());
        }
      }
      result.add(applied);
    }
    return result;
  }

  @Override
  public Optional<Transaction> findTransaction(TransactionId id) {
    notNull(id, "transactionId");
    return owner.engine().findTransactionsOn(connection, List.of(id)).stream().findFirst();
  }

  @Override
  public List<Transaction> findTransactions(Collection<TransactionId> ids) {
    notNull(ids, "ids");
    return owner.engine().findTransactionsOn(connection, ids);
  }

  @Override
  public Optional<Transaction> findTransactionByKey(String idempotencyKey) {
    return owner.engine().findTransactionByKeyOn(connection, notNull(idempotencyKey, "idempotencyKey"));
  }

  @Override
  public Optional<Balance> findBalance(AccountId id) {
    notNull(id, "accountId");
    return owner.engine().balancesOn(connection, List.of(id)).stream().findFirst();
  }

  @Override
  public List<Balance> findBalances(Collection<AccountId> ids) {
    notNull(ids, "ids");
    return ids.isEmpty() ? List.of() : owner.engine().balancesOn(connection, ids);
  }

  /** {@inheritDoc} Imports run on the store's own connections, never in a caller's transaction. */
  @Override
  public List<AppliedPosting> importHistory(List<StorePosting.NewTransaction> postings) {
    throw new InvalidRequestException("importHistory", "in a caller's transaction",
        "is not supported: import on the ledger itself; nothing was written");
  }

  /** Nothing to release: the connection is the caller's, and the owning store stays open. */
  @Override
  public void close() {}

  private static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

  @Override
  public String toString() {
    return "JoinedPostgresStore[" + owner.schema() + "]";
  }
}
