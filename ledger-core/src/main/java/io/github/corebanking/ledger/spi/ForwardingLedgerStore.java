package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.MonitorAlertPage;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.job.JobRuns;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A store that hands every call to another: extend it to change a few calls of a store (a store
 * bound to a caller's transaction, a decorator that measures or checks) and keep the rest as they
 * are. Each method of {@link LedgerStore} is forwarded here, in one place.
 */
public abstract class ForwardingLedgerStore implements LedgerStore {

  /** Creates the forwarding store. */
  protected ForwardingLedgerStore() {}

  /** @return the store every call not overridden goes to */
  protected abstract LedgerStore delegate();

  @Override
  public void createAccount(Account account) {
    delegate().createAccount(account);
  }

  @Override
  public Account changeAccountStatus(AccountId id, AccountStatus status) {
    return delegate().changeAccountStatus(id, status);
  }

  @Override
  public Optional<Account> findAccount(AccountId id) {
    return delegate().findAccount(id);
  }

  @Override
  public Optional<Account> findAccountByCode(String code) {
    return delegate().findAccountByCode(code);
  }

  @Override
  public List<Account> findAccounts(Collection<AccountId> ids) {
    return delegate().findAccounts(ids);
  }

  @Override
  public List<Account> listAccounts() {
    return delegate().listAccounts();
  }

  @Override
  public AppliedPosting apply(StorePosting posting) {
    return delegate().apply(posting);
  }

  @Override
  public List<AppliedPosting> applyAll(List<StorePosting> postings) {
    return delegate().applyAll(postings);
  }

  @Override
  public List<AppliedPosting> importHistory(List<StorePosting.NewTransaction> postings) {
    return delegate().importHistory(postings);
  }

  @Override
  public Optional<Transaction> findTransaction(TransactionId id) {
    return delegate().findTransaction(id);
  }

  @Override
  public Optional<Transaction> findTransactionByKey(String idempotencyKey) {
    return delegate().findTransactionByKey(idempotencyKey);
  }

  @Override
  public Optional<Balance> findBalance(AccountId id) {
    return delegate().findBalance(id);
  }

  @Override
  public List<Balance> findBalances(Collection<AccountId> ids) {
    return delegate().findBalances(ids);
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    return delegate().balanceAsOf(id, asOf);
  }

  @Override
  public List<Balance> balancesAsOf(Instant asOf) {
    return delegate().balancesAsOf(asOf);
  }

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    return delegate().statement(id, from, to, page);
  }

  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    return delegate().balanceOn(id, valueDate);
  }

  @Override
  public List<Balance> balancesOn(LocalDate valueDate) {
    return delegate().balancesOn(valueDate);
  }

  @Override
  public ValueDatedSlice valueDatedEntries(AccountId id, LocalDate from, LocalDate to, @Nullable ValueDatePosition after, int limit) {
    return delegate().valueDatedEntries(id, from, to, after, limit);
  }

  @Override
  public IntegrityReport checkIntegrity(Instant now) {
    return delegate().checkIntegrity(now);
  }

  @Override
  public List<HashChainHead> hashChainHeads(@Nullable AccountId after, int limit) {
    return delegate().hashChainHeads(after, limit);
  }

  @Override
  public List<Entry> hashChainEntries(AccountId id, long afterVersion, int afterOrdinal, long throughVersion, int limit) {
    return delegate().hashChainEntries(id, afterVersion, afterOrdinal, throughVersion, limit);
  }

  @Override
  public void saveHashChainCheckpoint(AccountId id, long verifiedThrough, String hash) {
    delegate().saveHashChainCheckpoint(id, verifiedThrough, hash);
  }

  @Override
  public List<Transaction> findTransactions(Collection<TransactionId> ids) {
    return delegate().findTransactions(ids);
  }

  @Override
  public ChangePage changes(long after, int limit) {
    return delegate().changes(after, limit);
  }

  @Override
  public int pruneChanges(Instant recordedBefore, long through, int limit) {
    return delegate().pruneChanges(recordedBefore, through, limit);
  }

  @Override
  public void createMonitor(BalanceMonitor monitor) {
    delegate().createMonitor(monitor);
  }

  @Override
  public List<BalanceMonitor> listMonitors() {
    return delegate().listMonitors();
  }

  @Override
  public Optional<BalanceMonitor> removeMonitor(MonitorId id, Instant at) {
    return delegate().removeMonitor(id, at);
  }

  @Override
  public MonitorCursor monitorCursor() {
    return delegate().monitorCursor();
  }

  @Override
  public List<WatchedMonitor> monitorsOn(Collection<AccountId> accounts) {
    return delegate().monitorsOn(accounts);
  }

  @Override
  public List<WatchedMonitor> unevaluatedMonitors(int limit) {
    return delegate().unevaluatedMonitors(limit);
  }

  @Override
  public List<io.github.corebanking.ledger.MonitorAlert> recordMonitorEvaluation(MonitorEvaluation evaluation) {
    return delegate().recordMonitorEvaluation(evaluation);
  }

  @Override
  public MonitorAlertPage monitorAlerts(long after, int limit) {
    return delegate().monitorAlerts(after, limit);
  }

  @Override
  public List<TransactionId> findExpiredHolds(Instant now, int limit) {
    return delegate().findExpiredHolds(now, limit);
  }

  @Override
  public PeriodClosure closePeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return delegate().closePeriod(through, at, metadata);
  }

  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return delegate().reopenPeriod(through, at, metadata);
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return delegate().periodClosures();
  }

  @Override
  public void createCategory(Category category) {
    delegate().createCategory(category);
  }

  @Override
  public Category moveCategory(CategoryId id, @Nullable CategoryId parentId) {
    return delegate().moveCategory(id, parentId);
  }

  @Override
  public void deleteCategory(CategoryId id) {
    delegate().deleteCategory(id);
  }

  @Override
  public Optional<Category> findCategory(CategoryId id) {
    return delegate().findCategory(id);
  }

  @Override
  public List<Category> listCategories() {
    return delegate().listCategories();
  }

  @Override
  public boolean addToCategory(CategoryId categoryId, AccountId accountId) {
    return delegate().addToCategory(categoryId, accountId);
  }

  @Override
  public boolean removeFromCategory(CategoryId categoryId, AccountId accountId) {
    return delegate().removeFromCategory(categoryId, accountId);
  }

  @Override
  public List<CategoryMembership> categoryMemberships() {
    return delegate().categoryMemberships();
  }

  @Override
  public List<Account> categoryAccounts(CategoryId id) {
    return delegate().categoryAccounts(id);
  }

  @Override
  public CategoryBalance categoryBalance(CategoryId id) {
    return delegate().categoryBalance(id);
  }

  @Override
  public CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf) {
    return delegate().categoryBalanceAsOf(id, asOf);
  }

  @Override
  public JobRuns<?> jobRuns() {
    return delegate().jobRuns();
  }

  /** Does nothing: the delegate's life is its owner's. */
  @Override
  public void close() {}
}
