package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
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
 * Where a ledger keeps its accounts, transactions and entries.
 *
 * <p>A store is correct when it passes {@code LedgerStoreContract} from the testkit, unchanged.
 * The ledger validates what needs no state and hands the store {@link StorePosting}s; every rule
 * that needs state is {@link PostingPlanner}'s, so a store of your own only does what is its own:
 * <ol>
 *   <li>read the postings' targets ({@link PostingPlanner#targets}) to learn their accounts, and
 *       lock {@link PostingPlanner#accountsToLock} in ascending id order;</li>
 *   <li>make the batch's {@link PostingPlanner#idempotencyKeys} stable (a key lock, a claim, a
 *       unique index that rejects a duplicate at commit);</li>
 *   <li>read, under the locks, the accounts, balances, targets and keys, as a {@link LockedState};</li>
 *   <li>call {@link PostingPlanner#plan} and write the returned {@link BatchPlan} in one
 *       transaction: new transactions, settled holds, reversal links, entries, counters. For
 *       {@link #apply} and {@link #applyAll} the batch is all or nothing: when
 *       {@link BatchPlan#firstRejection()} is present, write nothing and throw it;</li>
 *   <li>answer with {@link BatchPlan#results()}.</li>
 * </ol>
 * A rejected posting writes nothing and raises the typed {@code LedgerException} the planner
 * chose. The store's own failures (connection, timeouts, deadlocks after retries) are typed too:
 * {@code StoreUnavailableException}, {@code LockTimeoutException}, {@code ConcurrencyException}.
 *
 * <p>Implementations are thread-safe.
 */
public interface LedgerStore extends AutoCloseable {

  /**
   * Stores a new account with a zero balance.
   *
   * @param account the account, status OPEN
   * @throws io.github.corebanking.ledger.DuplicateAccountException when the id or code is taken
   */
  void createAccount(Account account);

  /**
   * Changes an account's status atomically (under the account's lock), checked by
   * {@link PostingPlanner#checkStatusChange}.
   *
   * @param id     the account
   * @param status the new status
   * @return the account after the change
   * @throws io.github.corebanking.ledger.AccountNotFoundException when it does not exist
   * @throws io.github.corebanking.ledger.AccountStateException    when the change is not allowed
   */
  Account changeAccountStatus(AccountId id, AccountStatus status);

  /**
   * @param id the account
   * @return the account, if it exists
   */
  Optional<Account> findAccount(AccountId id);

  /**
   * @param code the chart-of-accounts code
   * @return the account, if it exists
   */
  Optional<Account> findAccountByCode(String code);

  /**
   * @param ids accounts
   * @return those that exist, in no particular order
   */
  List<Account> findAccounts(Collection<AccountId> ids);

  /** @return every account, ordered by code */
  List<Account> listAccounts();

  /**
   * Applies one posting atomically.
   *
   * @param posting the posting
   * @return the stored transaction and the touched accounts' new balances, or a replay
   */
  AppliedPosting apply(StorePosting posting);

  /**
   * Applies postings atomically, all or nothing, in order. Each posting is planned against what the
   * ones before it did: a key used earlier in the batch is a replay of that posting, a hold settled
   * earlier is no longer pending.
   *
   * @param postings the postings
   * @return one result per posting, in order
   */
  List<AppliedPosting> applyAll(List<StorePosting> postings);

  /**
   * Imports history atomically, all or nothing, in order: posted transactions with their original
   * booking instants ({@link StorePosting#postedAt()}) and value dates. Like {@link #applyAll}, but
   * planned by {@link PostingPlanner#planImport} against the {@link HistoryImport} read under a lock
   * that orders imports and live postings: an import and a live posting ({@link #apply},
   * {@link #applyAll}) never interleave, and the first live posting a store writes ends the import
   * for good. A store that keeps derived state by booking instant (snapshots) repairs it for the
   * batch's accounts from {@link ImportPlan#firstBooked()} on in the same transaction, so reads by
   * booking time stay exact.
   *
   * @param postings the postings, in booking order
   * @return one result per posting, in order (replays of postings already imported included)
   * @throws io.github.corebanking.ledger.ImportClosedException   when the ledger holds live postings
   * @throws io.github.corebanking.ledger.InvalidRequestException when booking instants do not
   *     strictly increase
   */
  List<AppliedPosting> importHistory(List<StorePosting.NewTransaction> postings);

  /**
   * @param id the transaction
   * @return the transaction with its entries and reversal links, if it exists
   */
  Optional<Transaction> findTransaction(TransactionId id);

  /**
   * @param idempotencyKey the key
   * @return the transaction booked under that key, if any
   */
  Optional<Transaction> findTransactionByKey(String idempotencyKey);

  /**
   * @param id the account
   * @return its current balance, if the account exists
   */
  Optional<Balance> findBalance(AccountId id);

  /**
   * @param ids accounts
   * @return the balances of those that exist, in no particular order
   */
  List<Balance> findBalances(Collection<AccountId> ids);

  /**
   * The posted counters as they were at an instant: the sum of posted entries booked at or before
   * it. Pending counters are zero and the version is that of the last entry counted.
   *
   * @param id   the account
   * @param asOf the instant
   * @return the balance then
   * @throws io.github.corebanking.ledger.AccountNotFoundException when the account does not exist
   */
  Balance balanceAsOf(AccountId id, Instant asOf);

  /**
   * {@link #balanceAsOf} for every account.
   *
   * @param asOf the instant
   * @return one balance per account
   */
  List<Balance> balancesAsOf(Instant asOf);

  /**
   * An account's entries booked in {@code [from, to)}, oldest first (by account version, then
   * ordinal), one keyset page at a time.
   *
   * @param id   the account
   * @param from inclusive start
   * @param to   exclusive end
   * @param page the page
   * @return the page
   * @throws io.github.corebanking.ledger.AccountNotFoundException when the account does not exist
   * @throws io.github.corebanking.ledger.InvalidRequestException  when the cursor was not issued by this store for this
   *     statement (the same account, {@code from} and {@code to})
   */
  StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page);

  /**
   * The posted counters on a value date: the sum of the posted entries whose transaction is dated
   * (its value date) on or before {@code valueDate}, whenever they were booked. A backdated posting
   * counts from its value date on as soon as it is booked. Pending counters and the version are
   * zero. Flat in the account's history: a store keeps what this needs up to date as postings land.
   *
   * @param id        the account
   * @param valueDate the value date, inclusive
   * @return the balance on that date
   * @throws io.github.corebanking.ledger.AccountNotFoundException when the account does not exist
   */
  Balance balanceOn(AccountId id, LocalDate valueDate);

  /**
   * {@link #balanceOn} for every account, read as of one moment.
   *
   * @param valueDate the value date, inclusive
   * @return one balance per account
   */
  List<Balance> balancesOn(LocalDate valueDate);

  /**
   * A slice of an account's posted entries dated in {@code [from, to]}, in value-date order (value
   * date, then account version, then ordinal), with the value-dated balance before it.
   *
   * @param id    the account
   * @param from  the first value date, inclusive
   * @param to    the last value date, inclusive, not before {@code from}
   * @param after the place to start after, in {@code [from, to]}; null to start at {@code from}
   * @param limit most entries to return, at least 1
   * @return the slice: {@link ValueDatedSlice#before()} counts every posted entry up to and including
   *     {@code after}, or dated before {@code from} when {@code after} is null
   * @throws io.github.corebanking.ledger.AccountNotFoundException when the account does not exist
   */
  ValueDatedSlice valueDatedEntries(AccountId id, LocalDate from, LocalDate to, @Nullable ValueDatePosition after,
      int limit);

  /**
   * Checks the whole ledger: per currency, posted debits equal posted credits over the entries and
   * over the accounts' counters; every transaction has entries and balances per currency and phase
   * (pending, posted); no orphan entries; every account's counters equal its entries.
   *
   * @param now the check's time stamp
   * @return the report
   */
  IntegrityReport checkIntegrity(Instant now);

  // ---- hash chains ----

  /**
   * Where accounts' hash chains stand, for verification: each account's version and latest entry
   * hash read together in one committed state, and its checkpoint.
   *
   * @param after the last account of the previous page, or null for the first page
   * @param limit most heads to return
   * @return heads of the accounts after {@code after}, ascending id
   */
  List<HashChainHead> hashChainHeads(@Nullable AccountId after, int limit);

  /**
   * One page of an account's entries in chain order (account version, then ordinal), with their
   * hashes: those after the position ({@code afterVersion}, {@code afterOrdinal}) in that order.
   *
   * @param id            the account
   * @param afterVersion  the version of the position ...
   * @param afterOrdinal  ... and its ordinal ({@link Integer#MAX_VALUE} to start after the whole
   *                      version, -1 to start with it)
   * @param throughVersion and at most this version (the head's, so that the page is of one state)
   * @param limit         most entries to return
   * @return the entries, in chain order
   */
  List<Entry> hashChainEntries(AccountId id, long afterVersion, int afterOrdinal, long throughVersion, int limit);

  /**
   * Records that an account's chain was verified intact through a version.
   *
   * @param id              the account
   * @param verifiedThrough the version
   * @param hash            the hash of its latest entry at that version ({@link
   *                        io.github.corebanking.ledger.internal.EntryHashes#GENESIS} when none)
   */
  void saveHashChainCheckpoint(AccountId id, long verifiedThrough, String hash);

  /**
   * @param ids transactions
   * @return those that exist, with their entries, in any order
   */
  default List<Transaction> findTransactions(Collection<TransactionId> ids) {
    List<Transaction> found = new java.util.ArrayList<>(ids.size());
    for (TransactionId id : ids) {
      findTransaction(id).ifPresent(found::add);
    }
    return found;
  }

  /**
   * The change feed after a position, as {@link io.github.corebanking.ledger.Ledger#changes}
   * describes it: every committed new transaction ({@code BOOKED}; a reversing one is followed by the
   * original's {@code REVERSED}) and every settled hold ({@code COMMITTED}, {@code VOIDED}), with
   * dense positions from 1 in an order that never puts a change before one it depends on, and never
   * shows a position before every lower one is visible. A store writes a batch's changes in the
   * order of its new transactions, then their reversal links, then its settlements.
   *
   * @param after the last position read, at least 0
   * @param limit most changes, 1 to {@value io.github.corebanking.ledger.PageRequest#MAX_SIZE}
   * @return the changes, each with its transaction as stored now
   * @throws io.github.corebanking.ledger.ChangesPrunedException when {@code after} is below the
   *     highest pruned position
   */
  ChangePage changes(long after, int limit);

  /**
   * Retention of the change feed: deletes the oldest changes, those recorded before
   * {@code recordedBefore} and at or before position {@code through}, up to {@code limit} of them.
   * Readers asking for changes after a pruned position get a
   * {@link io.github.corebanking.ledger.ChangesPrunedException}.
   *
   * @param recordedBefore only changes recorded before this instant
   * @param through        only changes at or before this position (one every consumer has passed)
   * @param limit          most changes to delete, at least 1
   * @return how many were deleted
   */
  int pruneChanges(Instant recordedBefore, long through, int limit);

  // ---- balance monitors ----

  /**
   * Stores a monitor's definition, with no state (it is evaluated at the next evaluation). The
   * ledger has checked an account target (exists, not closed, same currency as the threshold); the
   * store checks a category target with {@link CategoryRules#checkWatched} under the category lock
   * that {@link #deleteCategory} takes, so a category is never deleted while a monitor watches it.
   *
   * @param monitor the monitor
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code monitor.categoryId}
   *     when a category target does not exist
   * @throws io.github.corebanking.ledger.DuplicateMonitorException naming {@code monitor.id} or
   *     {@code monitor.name} when a defined monitor has that id or name (a removed monitor's name may
   *     be used again, its id never)
   */
  void createMonitor(BalanceMonitor monitor);

  /** @return the defined monitors (not those removed), ordered by name */
  List<BalanceMonitor> listMonitors();

  /**
   * Removes a monitor: it is evaluated no more and its name is free again; alerts it raised stay
   * in the alert feed with its definition.
   *
   * @param id the monitor
   * @param at the instant of removal
   * @return the definition removed, or empty when no defined monitor has that id
   */
  Optional<BalanceMonitor> removeMonitor(MonitorId id, Instant at);

  /** @return where the monitor evaluator stands; {@link MonitorCursor#START} before any evaluation */
  MonitorCursor monitorCursor();

  /**
   * @param accounts accounts
   * @return the defined monitors watching any of them, directly or through a category whose subtree
   *     holds one of them ({@link CategoryRules#holding}), with their states
   */
  List<WatchedMonitor> monitorsOn(Collection<AccountId> accounts);

  /**
   * @param limit most monitors to return, at least 1
   * @return defined monitors that have no state yet (never evaluated), oldest first
   */
  List<WatchedMonitor> unevaluatedMonitors(int limit);

  /**
   * Records an evaluation atomically, all or nothing: when the stored {@link MonitorCursor#round()}
   * is still {@link MonitorEvaluation#round()}, moves the cursor to its position and the round up by
   * one, stores the states, and appends the alerts to the alert feed with the next dense positions.
   * States and alerts of monitors removed meanwhile are left out. Two evaluators that started from
   * the same round cannot both record, so an observed transition fires once even when evaluators
   * overlap or one crashed between reading and recording.
   *
   * @param evaluation the evaluation
   * @return the alerts recorded, with positions, in order
   * @throws io.github.corebanking.ledger.ConcurrencyException naming {@code round} when another
   *     evaluation was recorded since {@code evaluation.round()}; nothing is written
   */
  List<io.github.corebanking.ledger.MonitorAlert> recordMonitorEvaluation(MonitorEvaluation evaluation);

  /**
   * The alert feed after a position, as {@link io.github.corebanking.ledger.Ledger#monitorAlerts}
   * describes it.
   *
   * @param after the last position read, at least 0
   * @param limit most alerts, 1 to {@value io.github.corebanking.ledger.PageRequest#MAX_SIZE}
   * @return the alerts, each with its monitor's definition
   */
  MonitorAlertPage monitorAlerts(long after, int limit);

  /**
   * Pending transactions whose hold expired.
   *
   * @param now   the current instant
   * @param limit most ids to return
   * @return ids of PENDING transactions with {@code expiresAt <= now}, oldest expiry first, leaving
   *     out those dated on or before the date the books are closed through (they can be neither
   *     committed nor voided until their period is reopened)
   */
  List<TransactionId> findExpiredHolds(Instant now, int limit);

  /**
   * Closes the books through a date, by {@link PeriodRules#close}: from when this returns, the
   * store plans no posting, commit, void or reversal against a date before the new one (its
   * {@link LockedState#closedThrough()}). Waits for the postings in flight, which hold the lock that
   * closing takes, and holds postings that start meanwhile until it is recorded.
   *
   * @param through  the last value date to close
   * @param at       the instant of closing
   * @param metadata what to record with it (who, why)
   * @return the closure recorded
   * @throws io.github.corebanking.ledger.InvalidRequestException when the rules refuse it
   */
  PeriodClosure closePeriod(LocalDate through, Instant at, Map<String, String> metadata);

  /**
   * Reopens the latest standing closure, by {@link PeriodRules#reopen}, under the same lock as
   * {@link #closePeriod}; the closure stays on record with the reopening.
   *
   * @param through  the date the closure to reopen closed through
   * @param at       the instant of reopening
   * @param metadata who reopens it and why
   * @return the closure as reopened
   * @throws io.github.corebanking.ledger.InvalidRequestException when the rules refuse it
   */
  PeriodClosure reopenPeriod(LocalDate through, Instant at, Map<String, String> metadata);

  /** @return every closure, standing and reopened, oldest first */
  List<PeriodClosure> periodClosures();

  // ---- categories ----

  /**
   * Stores a new category, checked by {@link CategoryRules#checkCreate} under the lock every
   * category write holds.
   *
   * @param category the category
   * @throws io.github.corebanking.ledger.DuplicateCategoryException when the id or code is taken
   * @throws io.github.corebanking.ledger.CategoryNotFoundException  when the parent does not exist
   */
  void createCategory(Category category);

  /**
   * Moves a category under another parent or to the top level, checked by
   * {@link CategoryRules#checkMove} under the category lock: a move that would make a cycle is refused.
   *
   * @param id       the category
   * @param parentId its new parent, or null for the top level
   * @return the category as moved
   * @throws io.github.corebanking.ledger.CategoryNotFoundException when either does not exist
   * @throws io.github.corebanking.ledger.InvalidRequestException   when the move would make a cycle
   */
  Category moveCategory(CategoryId id, @Nullable CategoryId parentId);

  /**
   * Deletes a category that has neither sub-categories nor accounts and that no defined monitor
   * watches, checked by {@link CategoryRules#checkDelete} under the category lock.
   *
   * @param id the category
   * @throws io.github.corebanking.ledger.CategoryNotFoundException when it does not exist
   * @throws io.github.corebanking.ledger.CategoryStateException    when it is not empty or is watched
   */
  void deleteCategory(CategoryId id);

  /**
   * @param id a category
   * @return the category, if it exists
   */
  Optional<Category> findCategory(CategoryId id);

  /** @return every category, ordered by code */
  List<Category> listCategories();

  /**
   * Places an account in a category, under the category lock; placing it again changes nothing.
   *
   * @param categoryId the category
   * @param accountId  the account, of any status
   * @return whether it was placed now (false when it was there already)
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code categoryId}
   * @throws io.github.corebanking.ledger.AccountNotFoundException  naming {@code accountId}
   */
  boolean addToCategory(CategoryId categoryId, AccountId accountId);

  /**
   * Takes an account out of a category, under the category lock; the account stays in any other
   * category it is in.
   *
   * @param categoryId the category
   * @param accountId  the account
   * @return whether it was in the category
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code categoryId}
   * @throws io.github.corebanking.ledger.AccountNotFoundException  naming {@code accountId}
   */
  boolean removeFromCategory(CategoryId categoryId, AccountId accountId);

  /** @return every account placed directly in a category, in no particular order */
  List<CategoryMembership> categoryMemberships();

  /**
   * The accounts of a category's subtree ({@link CategoryRules#accounts}), each once.
   *
   * @param id the category
   * @return the accounts, ordered by code
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code categoryId}
   */
  List<Account> categoryAccounts(CategoryId id);

  /**
   * A category's current balance, computed in one read however many accounts its subtree holds (a
   * database store: one statement): the counters of the subtree's accounts, each once, summed per
   * currency, as {@link CategoryRules#balance} computes them.
   *
   * @param id the category
   * @return its balance ({@code asOf} null)
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code categoryId}
   */
  CategoryBalance categoryBalance(CategoryId id);

  /**
   * A category's posted balance at an instant: {@link #balanceAsOf} of each account of its subtree,
   * summed as {@link #categoryBalance} does, in one read. Pending counters are zero. The tree and
   * memberships are today's: a chart reorganised since reads its history the new way.
   *
   * @param id   the category
   * @param asOf the instant
   * @return its balance then
   * @throws io.github.corebanking.ledger.CategoryNotFoundException naming {@code categoryId}
   */
  CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf);

  /**
   * The locks and the record of the ledger's jobs ({@link io.github.corebanking.ledger.job.JobFrame}
   * runs every job over them): a job's lock held here is held for every process that shares the
   * store, so that starting a job on many nodes does the work once. A store that lives in one
   * process may return an {@link io.github.corebanking.ledger.job.InMemoryJobRuns}.
   *
   * @return the store's job runs, the same instance on every call
   */
  JobRuns<?> jobRuns();

  /** Releases the store's resources; the caller's {@code DataSource} is not closed. */
  @Override
  default void close() {}
}
