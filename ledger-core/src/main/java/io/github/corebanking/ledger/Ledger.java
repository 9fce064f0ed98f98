package io.github.corebanking.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A double-entry ledger: the one entry point of the library.
 *
 * <p>Build one over a store, then open accounts and post transactions:
 *
 * <pre>{@code
 * Ledger ledger = Ledger.builder()
 *     .store(new InMemoryLedgerStore())          // or PostgresLedgerStore.builder(dataSource)...
 *     .build();
 * Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash")
 *     .type(AccountType.ASSET).currency(CurrencyUnit.USD).build());
 * Account equity = ledger.openAccount(NewAccount.builder().code("3000").name("Share capital")
 *     .type(AccountType.EQUITY).currency(CurrencyUnit.USD).build());
 * ledger.post(PostingRequest.builder().idempotencyKey("capital-1").description("Capital injection")
 *     .debit(cash.id(), Money.of("1000000.00", CurrencyUnit.USD))
 *     .credit(equity.id(), Money.of("1000000.00", CurrencyUnit.USD))
 *     .build());
 * ledger.balance(cash.id()).posted();   // 1000000.00 USD
 * }</pre>
 *
 * <p>Every method is thread-safe. A rejected request throws a {@link LedgerException} subclass
 * whose message names the offending field and value, and writes nothing.
 */
public interface Ledger extends AutoCloseable {

  /** @return a builder */
  static LedgerBuilder builder() {
    return new LedgerBuilder();
  }

  // ---- accounts ----

  /**
   * Opens an account.
   *
   * @param request the account's definition
   * @return the account, OPEN, with a zero balance
   * @throws DuplicateAccountException when the id or code is taken
   */
  Account openAccount(NewAccount request);

  /**
   * Freezes an account: it rejects postings until unfrozen; holds on it may still be voided.
   *
   * @param id the account
   * @return the account
   */
  Account freezeAccount(AccountId id);

  /**
   * Reopens a frozen account.
   *
   * @param id the account
   * @return the account
   * @throws AccountStateException when it is closed
   */
  Account unfreezeAccount(AccountId id);

  /**
   * Closes an account for good; it must have a zero posted balance and no pending amounts.
   * Closing an account that is already closed returns it unchanged.
   *
   * @param id the account
   * @return the account
   * @throws AccountStateException when it still has a balance
   */
  Account closeAccount(AccountId id);

  /**
   * @param id the account
   * @return the account
   * @throws AccountNotFoundException when it does not exist
   */
  Account account(AccountId id);

  /**
   * @param code a chart-of-accounts code
   * @return the account, if one has that code
   */
  Optional<Account> accountByCode(String code);

  /** @return every account, ordered by code */
  List<Account> accounts();

  // ---- posting ----

  /**
   * Books a transaction, posted at once or held as pending.
   *
   * <p>Repeating a request with the same idempotency key returns the original transaction marked
   * {@link Transaction#replayed() replayed} and writes nothing; the same key with a different
   * request throws {@link IdempotencyConflictException}.
   *
   * @param request the request
   * @return the booked transaction
   */
  Transaction post(PostingRequest request);

  /**
   * Books several transactions atomically: all or none.
   *
   * @param requests the requests; idempotency keys must differ
   * @return the booked transactions, in order
   */
  List<Transaction> postAll(List<PostingRequest> requests);

  /**
   * Posts a pending transaction in full.
   *
   * @param pendingId the pending transaction
   * @return the transaction, now POSTED, with its posted entries appended
   * @throws TransactionStateException when it is not pending
   */
  Transaction commit(TransactionId pendingId);

  /**
   * Posts part of a pending transaction and releases the rest. Allowed when every entry of the
   * hold has the same amount (the usual two-line authorization hold).
   *
   * @param pendingId the pending transaction
   * @param amount    the amount to post, positive and at most the held amount
   * @return the transaction, now POSTED
   */
  Transaction commit(TransactionId pendingId, Money amount);

  /**
   * Releases a pending transaction without posting it.
   *
   * @param pendingId the pending transaction
   * @return the transaction, now VOIDED
   * @throws TransactionStateException when it is not pending
   */
  Transaction voidPending(TransactionId pendingId);

  /**
   * Reverses a posted transaction: books a new POSTED transaction with the sides swapped,
   * under the key {@code "reversal:" + id}.
   *
   * @param id the transaction to reverse
   * @return the reversing transaction
   * @throws TransactionStateException when it is not posted or was already reversed
   */
  Transaction reverse(TransactionId id);

  /**
   * Reverses a posted transaction with the caller's key and description.
   *
   * @param id             the transaction to reverse
   * @param idempotencyKey the reversal's key
   * @param description    the reversal's description
   * @return the reversing transaction
   */
  Transaction reverse(TransactionId id, String idempotencyKey, String description);

  // ---- periods ----

  /**
   * Closes the books through a date: from when this returns, no posting, commit, void or reversal
   * with a value date on or before it is accepted ({@link PeriodClosedException}); postings in
   * flight finish first. A reversal of a transaction of a closed period is booked on the first day
   * after it. Closures form a stack: each closes through a later date than the one before.
   *
   * @param through  the last value date to close, at most today (in the ledger's zone)
   * @param metadata what to record with it, such as who closed it; may be empty
   * @return the closure recorded
   * @throws InvalidRequestException when {@code through} is after today or not after the date
   *     already closed through
   */
  PeriodClosure closePeriod(LocalDate through, Map<String, String> metadata);

  /**
   * Reopens the latest standing closure, recording who reopened it and why; the books are then
   * closed through the closure before it, if any.
   *
   * @param through  the date the latest standing closure closed through
   * @param metadata who reopens it and why; must not be empty
   * @return the closure as reopened
   * @throws InvalidRequestException when {@code through} is not the latest standing closure's date
   *     or {@code metadata} is empty
   */
  PeriodClosure reopenPeriod(LocalDate through, Map<String, String> metadata);

  /** @return the date the books are closed through, or empty when no period is closed */
  Optional<LocalDate> closedThrough();

  /** @return every closure, standing and reopened, oldest first */
  List<PeriodClosure> periodClosures();

  // ---- reading ----

  /**
   * @param id the account
   * @return its current balance (through the balance cache when one is set)
   * @throws AccountNotFoundException when it does not exist
   */
  Balance balance(AccountId id);

  /**
   * @param ids accounts
   * @return their current balances
   * @throws AccountNotFoundException when one does not exist
   */
  Map<AccountId, Balance> balances(Collection<AccountId> ids);

  /**
   * The posted balance as it was at an instant.
   *
   * @param id   the account
   * @param asOf the instant
   * @return the balance then (pending counters zero)
   */
  Balance balanceAsOf(AccountId id, Instant asOf);

  /**
   * A page of an account's statement.
   *
   * @param id   the account
   * @param from inclusive start
   * @param to   exclusive end, after {@code from}
   * @param page the page
   * @return the entries, with running balances
   */
  StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page);

  /**
   * The trial balance at an instant.
   *
   * @param asOf the instant
   * @return every account's balance and the totals per currency
   */
  TrialBalance trialBalance(Instant asOf);

  /** @return the trial balance now */
  TrialBalance trialBalance();

  // ---- reading by value date ----

  /**
   * The posted balance on a value date: every posted entry whose transaction is dated on or before
   * {@code valueDate}, whenever it was booked (a posting backdated today counts from its value date
   * on). The value-date twin of {@link #balanceAsOf(AccountId, Instant)}, which reads by booking
   * instant; interest and month-end books read this one.
   *
   * @param id        the account
   * @param valueDate the value date, inclusive; dates outside the supported range are clamped
   * @return the balance on that date (pending counters and version zero)
   * @throws AccountNotFoundException when the account does not exist
   */
  Balance balanceOn(AccountId id, LocalDate valueDate);

  /**
   * A page of an account's value-dated statement: its posted entries dated in {@code [from, to]},
   * by value date and then booking order, each with the value-dated running balance after it. The
   * value-date twin of {@link #statement}, which lists entries by booking instant.
   *
   * @param id   the account
   * @param from the first value date, inclusive
   * @param to   the last value date, inclusive, not before {@code from}
   * @param page the page; a cursor from an earlier page of the same statement
   * @return the page, with its opening balance
   * @throws InvalidRequestException when {@code to} is before {@code from} or the cursor was issued
   *     for another statement
   */
  ValueDatedStatementPage valueDatedStatement(AccountId id, LocalDate from, LocalDate to, PageRequest page);

  /**
   * The trial balance on a value date: every account's {@link #balanceOn} balance. The value-date
   * twin of {@link #trialBalance(Instant)}, which reads by booking instant.
   *
   * @param valueDate the value date, inclusive
   * @return every account's balance on that date and the totals per currency
   */
  ValueDatedTrialBalance trialBalanceOn(LocalDate valueDate);

  // ---- categories ----

  /**
   * Creates a category of the chart of accounts, at the top level or under a parent.
   *
   * @param request the category's definition
   * @return the category
   * @throws DuplicateCategoryException naming {@code category.id} or {@code category.code} when taken
   * @throws CategoryNotFoundException  naming {@code category.parentId} when the parent does not exist
   */
  Category createCategory(NewCategory request);

  /**
   * Moves a category, with its whole subtree, under another parent or to the top level: a bank's
   * chart is reorganised now and then. Refused when the new parent is the category itself or one of
   * its sub-categories (the tree never has a cycle). Reads after the move, as-of reads included,
   * group by the new tree.
   *
   * @param id       the category
   * @param parentId its new parent, or null for the top level
   * @return the category as moved
   * @throws CategoryNotFoundException naming {@code categoryId} or {@code parentId}
   * @throws InvalidRequestException   naming {@code parentId} when the move would make a cycle
   */
  Category moveCategory(CategoryId id, @Nullable CategoryId parentId);

  /**
   * Deletes an empty category: one with neither sub-categories nor accounts, that no balance
   * monitor watches.
   *
   * @param id the category
   * @throws CategoryNotFoundException naming {@code categoryId} when it does not exist
   * @throws CategoryStateException    naming {@code categoryId} when it has sub-categories or accounts,
   *     or a monitor watches it
   */
  void deleteCategory(CategoryId id);

  /**
   * @param id a category
   * @return the category
   * @throws CategoryNotFoundException naming {@code categoryId} when it does not exist
   */
  Category category(CategoryId id);

  /**
   * @param code a category code
   * @return the category, if one has that code
   */
  Optional<Category> categoryByCode(String code);

  /** @return every category, ordered by code */
  List<Category> categories();

  /**
   * Places an account in a category. An account may be in several categories; placing it where it
   * is already changes nothing.
   *
   * @param categoryId the category
   * @param accountId  the account
   * @return whether it was placed now
   * @throws CategoryNotFoundException naming {@code categoryId}
   * @throws AccountNotFoundException  naming {@code accountId}
   */
  boolean addToCategory(CategoryId categoryId, AccountId accountId);

  /**
   * Takes an account out of one category; it stays in the others.
   *
   * @param categoryId the category
   * @param accountId  the account
   * @return whether it was in the category
   * @throws CategoryNotFoundException naming {@code categoryId}
   * @throws AccountNotFoundException  naming {@code accountId}
   */
  boolean removeFromCategory(CategoryId categoryId, AccountId accountId);

  /**
   * @param id a category
   * @return every account of its subtree, each once, ordered by code
   * @throws CategoryNotFoundException naming {@code categoryId}
   */
  List<Account> categoryAccounts(CategoryId id);

  /**
   * A category's current balance: per currency, posted, pending and available over every account
   * of its subtree, each once, read on the category's normal side. One read of the store however
   * many accounts the category holds.
   *
   * @param id the category
   * @return its balance
   * @throws CategoryNotFoundException naming {@code categoryId}
   */
  CategoryBalance categoryBalance(CategoryId id);

  /**
   * A category's posted balance at an instant: the sum of its accounts' {@link #balanceAsOf}
   * balances (pending zero), over today's tree and memberships.
   *
   * @param id   the category
   * @param asOf the instant
   * @return its balance then
   * @throws CategoryNotFoundException naming {@code categoryId}
   */
  CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf);

  /**
   * The trial balance at an instant grouped by category: {@link #trialBalance(Instant)}'s lines
   * under today's tree, with subtotals per category.
   *
   * @param asOf the instant
   * @return the grouped trial balance
   */
  CategoryTrialBalance trialBalanceByCategory(Instant asOf);

  /** @return the trial balance grouped by category now */
  CategoryTrialBalance trialBalanceByCategory();

  // ---- history import ----

  /**
   * Imports history from a system the ledger replaces: posted transactions with their original
   * booking instants and value dates, atomically (all or none). Every read by booking time
   * ({@link #balanceAsOf}, {@link #statement}, {@link #trialBalance(Instant)}) and by value date sees
   * them where they were booked, as if they had been posted then.
   *
   * <p>The rules: booking instants strictly increase over the ledger's whole import (across calls)
   * and are not after the ledger clock's now; history comes before anything live, so once the ledger
   * has booked a posting, commit, void or reversal of its own, nothing more is imported
   * ({@link ImportClosedException}); an import call holds imported postings only (live postings go
   * through {@link #post}). Idempotency is as usual: a posting whose key is stored with the same
   * request and booking instant is a replay and writes nothing, even after the ledger went live.
   * The backdating and future-dating windows do not apply; closed periods do. Posting rules apply.
   *
   * @param postings the postings, in booking order, at most {@link Limits#MAX_BATCH}
   * @return the booked transactions, in order
   * @throws InvalidRequestException  when the list is empty or too long, a key appears twice, or a
   *     booking instant is after now or not after the one before it ({@code postings[i].bookedAt})
   * @throws ImportClosedException    when the ledger holds live postings
   * @throws PeriodClosedException    when a value date is in a closed period
   */
  List<Transaction> importHistory(List<ImportedPosting> postings);

  // ---- year-end ----

  /**
   * Closes a year's revenue and expense accounts into retained earnings: books, dated
   * {@code yearEnd}, one transaction that brings every REVENUE and EXPENSE account in the currency of
   * {@code retainedEarnings} to zero on that value date, and the year's result to
   * {@code retainedEarnings}. Idempotent: when those accounts are already zero on {@code yearEnd},
   * nothing is booked; when postings backdated into the year moved them since an earlier close, one
   * more closing transaction books the difference. Its keys are
   * {@code year-end:<yearEnd>:<retainedEarnings>:<n>}. Not subject to the backdating window; refused
   * like any posting when {@code yearEnd} is in a closed period. Close the year's period after this.
   *
   * @param yearEnd          the year's last day, at most today
   * @param retainedEarnings an OPEN EQUITY account
   * @return the closing transactions booked and the post-closing trial balance on {@code yearEnd}
   * @throws InvalidRequestException when {@code yearEnd} is after today or {@code retainedEarnings}
   *     is not an equity account
   * @throws PeriodClosedException   when {@code yearEnd} is in a closed period
   */
  YearEndClose closeYear(LocalDate yearEnd, AccountId retainedEarnings);

  /**
   * @param id the transaction
   * @return it, if it exists
   */
  Optional<Transaction> transaction(TransactionId id);

  /**
   * @param idempotencyKey the key
   * @return the transaction booked under it, if any
   */
  Optional<Transaction> transactionByKey(String idempotencyKey);

  // ---- the caller's transaction ----

  /**
   * Posts inside a database transaction the caller owns, so that a posting and the caller's own
   * rows commit or roll back together. See {@link JoinedLedger}.
   *
   * @param transaction the caller's transaction, as its store joined it (PostgreSQL:
   *                    {@code PostgresLedgerStore.join(connection)})
   * @return the ledger's postings in that transaction
   * @throws InvalidRequestException naming {@code transaction} when it is null
   */
  JoinedLedger joining(io.github.corebanking.ledger.spi.CallerTransaction transaction);

  // ---- change feed ----

  /**
   * Reads the change feed: every committed transaction and status change (booked, committed,
   * voided, reversed) with a position, in commit order. A consumer stores the position it has
   * handled ({@link ChangePage#next()}) and resumes after it: it never misses a committed change
   * and, if it crashes before storing, sees some again (at least once). Postings rolled back, or
   * rejected, never appear.
   *
   * <pre>{@code
   * ChangePage page = ledger.changes(lastHandled, 500);
   * page.changes().forEach(outbox::publish);
   * lastHandled = page.next();
   * }</pre>
   *
   * @param after the last position handled, 0 to start at the beginning
   * @param limit most changes to return, 1 to {@value PageRequest#MAX_SIZE}
   * @return the changes after {@code after}, oldest first; empty when there are none yet
   * @throws InvalidRequestException naming {@code after} or {@code limit} when out of range
   * @throws ChangesPrunedException  when retention has pruned changes after {@code after}
   */
  ChangePage changes(long after, int limit);

  // ---- balance monitors ----

  /**
   * Defines a balance monitor on an account or a category. It is evaluated off the posting path by
   * the {@link io.github.corebanking.ledger.job.BalanceMonitorJob}, first at its next run (so a
   * condition that already holds fires then), and after every change to its account (or to an account
   * of its category's subtree); it fires through {@link #monitorAlerts} and the listeners each time
   * its condition becomes true. A watched category cannot be deleted until its monitors are removed.
   *
   * @param request the monitor's definition
   * @return the monitor
   * @throws AccountNotFoundException   naming {@code monitor.accountId} when the account does not exist
   * @throws AccountStateException      naming {@code monitor.accountId} when the account is closed
   * @throws CurrencyMismatchException  naming {@code monitor.threshold} when the threshold is not in
   *     the account's currency
   * @throws CategoryNotFoundException  naming {@code monitor.categoryId} when the category does not exist
   * @throws DuplicateMonitorException  naming {@code monitor.name} (or {@code monitor.id}) when taken
   */
  BalanceMonitor defineMonitor(NewMonitor request);

  /** @return the defined monitors, ordered by name */
  List<BalanceMonitor> monitors();

  /**
   * Removes a monitor: it fires no more and its name may be used again; its alerts stay in the feed.
   *
   * @param id the monitor
   * @return the monitor removed
   * @throws MonitorNotFoundException naming {@code monitorId} when no defined monitor has that id
   */
  BalanceMonitor removeMonitor(MonitorId id);

  /**
   * Reads the alert feed: every alert the monitors raised, with dense positions from 1 in the order
   * they were recorded, read like {@link #changes}: store {@link MonitorAlertPage#next()} and resume
   * after it.
   *
   * @param after the last position handled, 0 to start at the beginning
   * @param limit most alerts to return, 1 to {@value PageRequest#MAX_SIZE}
   * @return the alerts after {@code after}, oldest first
   * @throws InvalidRequestException naming {@code after} or {@code limit} when out of range
   */
  MonitorAlertPage monitorAlerts(long after, int limit);

  /** @return the result of a full integrity check */
  IntegrityReport checkIntegrity();

  /**
   * Verifies the hash chains: walks every account's entries in chain order, recomputes each
   * entry's {@link Entry#hash() hash} from the one before it and the
   * {@link Transaction#digest() digest} of every transaction met, and names every entry edited,
   * inserted or deleted behind the ledger's back (by its owner, bypassing the database's guards).
   * Incremental unless {@code full}: each account's chain is walked from where the last run found
   * it intact. A {@link io.github.corebanking.ledger.job.VerifyHashChainsJob} runs this on a schedule.
   *
   * <pre>{@code
   * HashChainReport report = ledger.verifyHashChains(false);
   * report.findings().forEach(f -> alert(f.kind(), f.entryId(), f.transactionId()));
   * }</pre>
   *
   * @param full walk every chain from its first entry, ignoring checkpoints
   * @return what was walked and found
   */
  HashChainReport verifyHashChains(boolean full);

  /** Closes the store and cache it was built with, if it owns them. */
  @Override
  void close();
}
