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
 * everything else through the owning store, on its own connections.
 */
final class JoinedPostgresStore implements LedgerStore {

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
    return Optional.ofNullable(owner.engine().findTransactionsOn(connection, List.of(id)).get(id));
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

  // ---- the rest, through the owning store ----

  @Override
  public void createAccount(Account account) {
    owner.createAccount(account);
  }

  @Override
  public Account changeAccountStatus(AccountId id, AccountStatus status) {
    return owner.changeAccountStatus(id, status);
  }

  @Override
  public Optional<Account> findAccount(AccountId id) {
    return owner.findAccount(id);
  }

  @Override
  public Optional<Account> findAccountByCode(String code) {
    return owner.findAccountByCode(code);
  }

  @Override
  public List<Account> findAccounts(Collection<AccountId> ids) {
    return owner.findAccounts(ids);
  }

  @Override
  public List<Account> listAccounts() {
    return owner.listAccounts();
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    return owner.balanceAsOf(id, asOf);
  }

  @Override
  public List<Balance> balancesAsOf(Instant asOf) {
    return owner.balancesAsOf(asOf);
  }

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    return owner.statement(id, from, to, page);
  }

  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    return owner.balanceOn(id, valueDate);
  }

  @Override
  public List<Balance> balancesOn(LocalDate valueDate) {
    return owner.balancesOn(valueDate);
  }

  @Override
  public ValueDatedSlice valueDatedEntries(AccountId id, LocalDate from, LocalDate to,
      @Nullable ValueDatePosition after, int limit) {
    return owner.valueDatedEntries(id, from, to, after, limit);
  }

  @Override
  public IntegrityReport checkIntegrity(Instant now) {
    return owner.checkIntegrity(now);
  }

  @Override
  public ChangePage changes(long after, int limit) {
    return owner.changes(after, limit);
  }

  @Override
  public int pruneChanges(Instant recordedBefore, long through, int limit) {
    return owner.pruneChanges(recordedBefore, through, limit);
  }

  @Override
  public void createMonitor(io.github.corebanking.ledger.BalanceMonitor monitor) {
    owner.createMonitor(monitor);
  }

  @Override
  public List<io.github.corebanking.ledger.BalanceMonitor> listMonitors() {
    return owner.listMonitors();
  }

  @Override
  public java.util.Optional<io.github.corebanking.ledger.BalanceMonitor> removeMonitor(
      io.github.corebanking.ledger.MonitorId id, Instant at) {
    return owner.removeMonitor(id, at);
  }

  @Override
  public io.github.corebanking.ledger.spi.MonitorCursor monitorCursor() {
    return owner.monitorCursor();
  }

  @Override
  public List<io.github.corebanking.ledger.spi.WatchedMonitor> monitorsOn(java.util.Collection<AccountId> accounts) {
    return owner.monitorsOn(accounts);
  }

  @Override
  public List<io.github.corebanking.ledger.spi.WatchedMonitor> unevaluatedMonitors(int limit) {
    return owner.unevaluatedMonitors(limit);
  }

  @Override
  public List<io.github.corebanking.ledger.MonitorAlert> recordMonitorEvaluation(
      io.github.corebanking.ledger.spi.MonitorEvaluation evaluation) {
    return owner.recordMonitorEvaluation(evaluation);
  }

  @Override
  public io.github.corebanking.ledger.MonitorAlertPage monitorAlerts(long after, int limit) {
    return owner.monitorAlerts(after, limit);
  }

  @Override
  public List<TransactionId> findExpiredHolds(Instant now, int limit) {
    return owner.findExpiredHolds(now, limit);
  }

  @Override
  public PeriodClosure closePeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return owner.closePeriod(through, at, metadata);
  }

  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return owner.reopenPeriod(through, at, metadata);
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return owner.periodClosures();
  }

  @Override
  public JobRuns<?> jobRuns() {
    return owner.jobRuns();
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
