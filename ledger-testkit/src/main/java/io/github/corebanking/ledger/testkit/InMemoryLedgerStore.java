package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.DuplicateMonitorException;
import io.github.corebanking.ledger.MonitorAlert;
import io.github.corebanking.ledger.MonitorAlertPage;
import io.github.corebanking.ledger.MonitorId;
import io.github.corebanking.ledger.MonitorTarget;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.ChangesPrunedException;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.InMemoryJobRuns;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.BatchPlan;
import io.github.corebanking.ledger.spi.FeedChange;
import io.github.corebanking.ledger.spi.FeedRules;
import io.github.corebanking.ledger.spi.CategoryMembership;
import io.github.corebanking.ledger.spi.CategoryRules;
import io.github.corebanking.ledger.spi.FiredAlert;
import io.github.corebanking.ledger.spi.MonitorCursor;
import io.github.corebanking.ledger.spi.MonitorEvaluation;
import io.github.corebanking.ledger.spi.MonitorRules;
import io.github.corebanking.ledger.spi.MonitorState;
import io.github.corebanking.ledger.spi.WatchedMonitor;
import io.github.corebanking.ledger.spi.HistoryImport;
import io.github.corebanking.ledger.spi.ImportPlan;
import io.github.corebanking.ledger.spi.HashChainHead;
import io.github.corebanking.ledger.spi.LockedState;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.PeriodRules;
import io.github.corebanking.ledger.spi.PostingPlanner;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.spi.StoredTransaction;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LedgerStore} kept in memory: for tests, examples and single-process tools. It obeys the
 * same rules, with the same messages, as every other store, because every state-dependent check
 * goes through {@link PostingPlanner}.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore()).clock(MutableClock.at("2026-01-31T10:00:00Z")).build();
 * }</pre>
 *
 * <p>Concurrency: each account has its own lock; a posting takes the locks of the accounts it
 * touches in ascending {@link AccountId} order, so postings on different accounts run in parallel
 * and none can deadlock. An idempotency key is claimed before any lock is taken, so concurrent
 * requests with one key book exactly one transaction; the others wait for it and are answered with
 * a replay or an {@link io.github.corebanking.ledger.IdempotencyConflictException}. Whole-ledger
 * reads ({@link #checkIntegrity}, {@link #balancesAsOf}) take every account lock, in the same
 * order, for a consistent picture.
 *
 * <p>Reads are cheap: each account keeps its entries in booking order with running sums, so
 * {@link #balanceAsOf} is a binary search and a statement page starts with one; and its posted
 * entries by value date with cumulative sums per value date, brought up to date by every posting
 * (a backdated one adds to every later date), so {@link #balanceOn} is one lookup.
 *
 * <p>Thread-safe. Nothing is persisted: the data lives as long as the instance.
 */
public final class InMemoryLedgerStore implements LedgerStore {

  private static final String NOT_ISSUED = "is not a cursor this ledger issued";
  private static final String CURSOR_PREFIX = "c1.";

  private final ConcurrentHashMap<AccountId, AccountState> accounts = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<String, AccountState> accountsByCode = new ConcurrentSkipListMap<>();
  /** Serializes account creation, and keeps new accounts out while a whole-ledger read holds it. */
  private final ReentrantLock accountCreation = new ReentrantLock();
  /** Held shared by every batch while it plans and writes, exclusively by closing or reopening a period. */
  private final ReentrantReadWriteLock periodLock = new ReentrantReadWriteLock();
  /** Every closure, oldest first; replaced whole under the exclusive {@link #periodLock}. */
  private volatile List<PeriodClosure> closures = List.of();
  /** The booking instant of the latest imported posting; moved under the exclusive {@link #periodLock}. */
  private @Nullable Instant imported;
  /** Set by the first live batch that writes, under the shared {@link #periodLock}; never cleared. */
  private volatile boolean live;
  private final ConcurrentHashMap<TransactionId, TxState> transactions = new ConcurrentHashMap<>();
  /** Idempotency key to its {@link TxState} once booked, or to the {@link Claim} of the request booking it. */
  private final ConcurrentHashMap<String, Object> keys = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<Hold> expiringHolds = new ConcurrentSkipListSet<>();
  private final InMemoryJobRuns jobRuns = new InMemoryJobRuns();
  /** The change feed after {@link #prunedThrough}: position {@code prunedThrough + i + 1} at index i. */
  private final ArrayList<FeedRow> feed = new ArrayList<>();
  /** The highest position pruned; guarded by {@link #feed}. */
  private long prunedThrough;
  /**
   * Held exclusively by every category write, shared by category reads; taken before {@link #monitors}
   * where both are held (defining a category monitor, deleting a category, finding monitors).
   */
  private final ReentrantReadWriteLock categoryLock = new ReentrantReadWriteLock();
  /** Every category; guarded by {@link #categoryLock}. */
  private final Map<CategoryId, Category> categories = new HashMap<>();
  /** Every account placed directly in a category; guarded by {@link #categoryLock}. */
  private final Set<CategoryMembership> memberships = new HashSet<>();
  /** Per account, where hash-chain verification last found its chain intact. */
  private final ConcurrentHashMap<AccountId, HashChainCheckpoint> chainCheckpoints = new ConcurrentHashMap<>();
  /** Every monitor ever defined, in definition order; guards the monitor state below. */
  private final java.util.LinkedHashMap<MonitorId, MonitorRow> monitors = new java.util.LinkedHashMap<>();
  /** Where the monitor evaluator stands; guarded by {@link #monitors}. */
  private MonitorCursor monitorCursor = MonitorCursor.START;
  /** The alert feed: position {@code i + 1} at index i; guarded by {@link #monitors}. */
  private final ArrayList<MonitorAlert> alerts = new ArrayList<>();
  /** Signs statement cursors, so that a cursor from elsewhere is recognised as foreign. */
  private final long cursorSecret = new SecureRandom().nextLong();

  /** Creates an empty store. */
  public InMemoryLedgerStore() {}

  // ---- accounts ----

  @Override
  public void createAccount(Account account) {
    notNull(account, "account");
    if (account.status() != AccountStatus.OPEN) {
      throw new InvalidRequestException("account.status", account.status(), "must be OPEN for a new account");
    }
    accountCreation.lock();
    try {
      if (accounts.containsKey(account.id())) {
        throw new DuplicateAccountException("account.id", account.id(), "is already taken");
      }
      AccountState existing = accountsByCode.get(account.code());
      if (existing != null) {
        throw new DuplicateAccountException("account.code", account.code(),
            "is already used by account " + existing.account.id());
      }
      AccountState state = new AccountState(account);
      accounts.put(account.id(), state);
      accountsByCode.put(account.code(), state);
    } finally {
      accountCreation.unlock();
    }
  }

  @Override
  public Account changeAccountStatus(AccountId id, AccountStatus status) {
    notNull(id, "accountId");
    notNull(status, "status");
    AccountState state = existing(id);
    state.lock.lock();
    try {
      Account account = state.account;
      if (PostingPlanner.checkStatusChange(account, state.balance, status)) {
        account = account.withStatus(status);
        state.account = account;
      }
      return account;
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public Optional<Account> findAccount(AccountId id) {
    notNull(id, "accountId");
    AccountState state = accounts.get(id);
    return state == null ? Optional.empty() : Optional.of(state.account);
  }

  @Override
  public Optional<Account> findAccountByCode(String code) {
    notNull(code, "code");
    AccountState state = accountsByCode.get(code);
    return state == null ? Optional.empty() : Optional.of(state.account);
  }

  @Override
  public List<Account> findAccounts(Collection<AccountId> ids) {
    notNull(ids, "accountIds");
    List<Account> result = new ArrayList<>(ids.size());
    for (AccountId id : new HashSet<>(ids)) {
      AccountState state = id == null ? null : accounts.get(id);
      if (state != null) {
        result.add(state.account);
      }
    }
    return result;
  }

  @Override
  public List<Account> listAccounts() {
    List<Account> result = new ArrayList<>(accountsByCode.size());
    for (AccountState state : accountsByCode.values()) {
      result.add(state.account);
    }
    return result;
  }

  // ---- posting ----

  @Override
  public AppliedPosting apply(StorePosting posting) {
    notNull(posting, "posting");
    return applyBatch(List.of(posting)).get(0);
  }

  @Override
  public List<AppliedPosting> applyAll(List<StorePosting> postings) {
    notNull(postings, "postings");
    for (int i = 0; i < postings.size(); i++) {
      notNull(postings.get(i), "postings[" + i + "]");
    }
    if (postings.isEmpty()) {
      return List.of();
    }
    return applyBatch(postings);
  }

  /**
   * Claims the batch's keys, locks every touched account, has {@link PostingPlanner} plan the
   * batch against what is locked, and only then writes. Any rejection leaves the store untouched.
   */
  private List<AppliedPosting> applyBatch(List<StorePosting> postings) {
    Map<String, Claim> claims = claimKeys(postings);
    boolean written = false;
    try {
      AccountState[] locked = lockOrder(postings);
      lockAll(locked);
      periodLock.readLock().lock();
      try {
        BatchPlan plan = PostingPlanner.plan(postings, new Locked(locked));
        List<AppliedPosting> results = plan.results();
        if (plan.writes()) {
          live = true;
        }
        write(plan, locked);
        written = true;
        return results;
      } finally {
        periodLock.readLock().unlock();
        unlockAll(locked);
      }
    } finally {
      releaseClaims(claims, written);
    }
  }

  /**
   * Like {@link #applyBatch}, under the exclusive {@link #periodLock} instead of the shared one, so
   * that no live posting is planned or written meanwhile and {@link #imported} is read and moved
   * atomically with the batch.
   */
  @Override
  public List<AppliedPosting> importHistory(List<StorePosting.NewTransaction> postings) {
    notNull(postings, "postings");
    for (int i = 0; i < postings.size(); i++) {
      notNull(postings.get(i), "postings[" + i + "]");
    }
    if (postings.isEmpty()) {
      return List.of();
    }
    List<StorePosting> batch = List.copyOf(postings);
    Map<String, Claim> claims = claimKeys(batch);
    boolean written = false;
    try {
      AccountState[] locked = lockOrder(batch);
      lockAll(locked);
      periodLock.writeLock().lock();
      try {
        ImportPlan plan = PostingPlanner.planImport(postings, new Locked(locked), new HistoryImport(imported, live));
        List<AppliedPosting> results = plan.batch().results();
        write(plan.batch(), locked);
        imported = plan.after().bookedThrough();
        written = true;
        return results;
      } finally {
        periodLock.writeLock().unlock();
        unlockAll(locked);
      }
    } finally {
      releaseClaims(claims, written);
    }
  }

  /**
   * Claims the keys of the postings that create transactions, in key order so that two batches
   * never wait on each other's claims. A key already booked needs no claim (the planner answers
   * it with a replay or a conflict); a key being booked by another request is waited for.
   */
  private Map<String, Claim> claimKeys(List<StorePosting> postings) {
    Map<String, Claim> claims = new HashMap<>();
    try {
      for (String key : PostingPlanner.idempotencyKeys(postings)) {
        Claim claim = claim(key);
        if (claim != null) {
          claims.put(key, claim);
        }
      }
    } catch (RuntimeException e) {
      releaseClaims(claims, false);
      throw e;
    }
    return claims;
  }

  /** @return the claim now held, or null when the key was already booked */
  private @Nullable Claim claim(String key) {
    Claim mine = new Claim();
    while (true) {
      Object current = keys.putIfAbsent(key, mine);
      if (current == null) {
        return mine;
      }
      if (current instanceof TxState) {
        return null;
      }
      ((Claim) current).await(key);
    }
  }

  private void releaseClaims(Map<String, Claim> claims, boolean written) {
    for (Map.Entry<String, Claim> e : claims.entrySet()) {
      if (!written) {
        keys.remove(e.getKey(), e.getValue());
      }
      e.getValue().release();
    }
  }

  /** The existing accounts the postings touch, sorted by id: the one lock order of this store. */
  private AccountState[] lockOrder(List<StorePosting> postings) {
    List<AccountState> states = new ArrayList<>();
    for (AccountId id : PostingPlanner.accountsToLock(postings, this::findTransaction)) {
      AccountState state = accounts.get(id);
      if (state != null) {
        states.add(state);
      }
    }
    return states.toArray(new AccountState[0]);
  }

  /** What a batch sees: the locked accounts, and the booked keys and transactions. */
  private final class Locked implements LockedState {
    private final AccountState[] locked;

    Locked(AccountState[] locked) {
      this.locked = locked;
    }

    @Override
    public Optional<Account> account(AccountId id) {
      AccountState state = find(locked, id);
      return state == null ? Optional.empty() : Optional.of(state.account);
    }

    @Override
    public Balance balance(AccountId id) {
      return lockedState(locked, id).balance;
    }

    @Override
    public @Nullable String lastEntryHash(AccountId id) {
      return lockedState(locked, id).lastHash;
    }

    @Override
    public Optional<StoredTransaction> byKey(String idempotencyKey) {
      return keys.get(idempotencyKey) instanceof TxState state
          ? Optional.of(new StoredTransaction(state.view(), state.requestHash)) : Optional.empty();
    }

    @Override
    public Optional<StoredTransaction> transaction(TransactionId id) {
      TxState state = transactions.get(id);
      return state == null ? Optional.empty() : Optional.of(new StoredTransaction(state.view(), state.requestHash));
    }

    @Override
    public Optional<LocalDate> closedThrough() {
      return PeriodRules.closedThrough(closures);
    }

    @Override
    public @Nullable Instant importedThrough() {
      return live ? null : imported;
    }
  }

  // ---- periods ----

  @Override
  public PeriodClosure closePeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return underPeriodLock(through, at, metadata, () -> {
      PeriodClosure closure = PeriodRules.close(closures, through, at, metadata);
      List<PeriodClosure> next = new ArrayList<>(closures);
      next.add(closure);
      closures = List.copyOf(next);
      return closure;
    });
  }

  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return underPeriodLock(through, at, metadata, () -> {
      PeriodRules.Reopening reopening = PeriodRules.reopen(closures, through, at, metadata);
      closures = reopening.closures();
      return reopening.reopened();
    });
  }

  /** Checks a close's or reopen's arguments and runs it under the exclusive {@link #periodLock}. */
  private PeriodClosure underPeriodLock(LocalDate through, Instant at, Map<String, String> metadata,
      java.util.function.Supplier<PeriodClosure> change) {
    notNull(through, "through");
    notNull(at, "at");
    notNull(metadata, "metadata");
    periodLock.writeLock().lock();
    try {
      return change.get();
    } finally {
      periodLock.writeLock().unlock();
    }
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return closures;
  }

  /** Writes a planned batch; cannot fail, so a batch is never half written. */
  // ---- categories ----

  @Override
  public void createCategory(Category category) {
    notNull(category, "category");
    categoryWrite(() -> {
      CategoryRules.checkCreate(categories.values(), category);
      categories.put(category.id(), category);
      return null;
    });
  }

  @Override
  public Category moveCategory(CategoryId id, @Nullable CategoryId parentId) {
    notNull(id, "categoryId");
    return categoryWrite(() -> {
      Category moved = CategoryRules.checkMove(categories.values(), id, parentId);
      categories.put(id, moved);
      return moved;
    });
  }

  @Override
  public void deleteCategory(CategoryId id) {
    notNull(id, "categoryId");
    categoryWrite(() -> {
      int direct = (int) memberships.stream().filter(m -> m.categoryId().equals(id)).count();
      List<String> watching;
      synchronized (monitors) {
        watching = monitors.values().stream()
            .filter(r -> !r.removed && r.monitor.target().equals(MonitorTarget.category(id)))
            .map(r -> r.monitor.name()).toList();
      }
      CategoryRules.checkDelete(categories.values(), id, direct, watching);
      categories.remove(id);
      return null;
    });
  }

  @Override
  public Optional<Category> findCategory(CategoryId id) {
    notNull(id, "categoryId");
    return categoryRead(() -> Optional.ofNullable(categories.get(id)));
  }

  @Override
  public List<Category> listCategories() {
    return categoryRead(() -> categories.values().stream().sorted(Comparator.comparing(Category::code)).toList());
  }

  @Override
  public boolean addToCategory(CategoryId categoryId, AccountId accountId) {
    notNull(categoryId, "categoryId");
    notNull(accountId, "accountId");
    return categoryWrite(() -> {
      CategoryRules.existing(categories.values(), categoryId, "categoryId");
      existing(accountId);
      return memberships.add(new CategoryMembership(categoryId, accountId));
    });
  }

  @Override
  public boolean removeFromCategory(CategoryId categoryId, AccountId accountId) {
    notNull(categoryId, "categoryId");
    notNull(accountId, "accountId");
    return categoryWrite(() -> {
      CategoryRules.existing(categories.values(), categoryId, "categoryId");
      existing(accountId);
      return memberships.remove(new CategoryMembership(categoryId, accountId));
    });
  }

  @Override
  public List<CategoryMembership> categoryMemberships() {
    return categoryRead(() -> List.copyOf(memberships));
  }

  @Override
  public List<Account> categoryAccounts(CategoryId id) {
    notNull(id, "categoryId");
    return categoryRead(() -> {
      CategoryRules.existing(categories.values(), id, "categoryId");
      return CategoryRules.accounts(categories.values(), memberships, id).stream().map(a -> accounts.get(a).account)
          .sorted(Comparator.comparing(Account::code)).toList();
    });
  }

  @Override
  public CategoryBalance categoryBalance(CategoryId id) {
    notNull(id, "categoryId");
    return rollup(id, null);
  }

  @Override
  public CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf) {
    notNull(id, "categoryId");
    notNull(asOf, "asOf");
    return rollup(id, asOf);
  }

  /** Sums a category's accounts under their locks, taken in id order: one still picture of them. */
  private CategoryBalance rollup(CategoryId id, @Nullable Instant asOf) {
    return categoryRead(() -> {
      Category category = CategoryRules.existing(categories.values(), id, "categoryId");
      AccountState[] states = CategoryRules.accounts(categories.values(), memberships, id).stream()
          .map(accounts::get).sorted(Comparator.comparing(s -> s.id)).toArray(AccountState[]::new);
      lockAll(states);
      try {
        List<Account> members = new ArrayList<>(states.length);
        Map<AccountId, Balance> balances = new HashMap<>();
        for (AccountState state : states) {
          members.add(state.account);
          balances.put(state.id, asOf == null ? state.balance : asOf(state, asOf));
        }
        return CategoryRules.balance(category, asOf, members, balances);
      } finally {
        unlockAll(states);
      }
    });
  }

  private <T> T categoryWrite(java.util.function.Supplier<T> work) {
    categoryLock.writeLock().lock();
    try {
      return work.get();
    } finally {
      categoryLock.writeLock().unlock();
    }
  }

  private <T> T categoryRead(java.util.function.Supplier<T> work) {
    categoryLock.readLock().lock();
    try {
      return work.get();
    } finally {
      categoryLock.readLock().unlock();
    }
  }

  private void write(BatchPlan plan, AccountState[] locked) {
    Map<TransactionId, LocalDate> valueDates = new HashMap<>();
    for (StoredTransaction created : plan.created()) {
      valueDates.put(created.transaction().id(), created.transaction().effectiveDate());
    }
    for (BatchPlan.Settlement settled : plan.settled()) {
      valueDates.put(settled.transaction().id(), settled.transaction().effectiveDate());
    }
    for (Entry e : plan.entries()) {
      AccountState state = lockedState(locked, e.accountId());
      state.log.append(e);
      state.lastHash = e.hash();
      if (!e.pending()) {
        state.values.add(Objects.requireNonNull(valueDates.get(e.transactionId())), e);
      }
    }
    for (Balance b : plan.balances().values()) {
      lockedState(locked, b.accountId()).balance = b;
    }
    for (StoredTransaction created : plan.created()) {
      Transaction tx = created.transaction();
      TxState state = new TxState(created.requestHash(), tx);
      transactions.put(tx.id(), state);
      if (tx.status() == TransactionStatus.PENDING && tx.expiresAt() != null) {
        expiringHolds.add(new Hold(tx.expiresAt(), tx.id()));
      }
      keys.put(tx.idempotencyKey(), state);
    }
    for (BatchPlan.Settlement settled : plan.settled()) {
      Transaction tx = settled.transaction();
      TxState state = Objects.requireNonNull(transactions.get(tx.id()));
      state.transaction = tx;
      if (tx.expiresAt() != null) {
        expiringHolds.remove(new Hold(tx.expiresAt(), tx.id()));
      }
    }
    for (Transaction original : plan.reversed()) {
      Objects.requireNonNull(transactions.get(original.id())).reversedBy = original.reversedBy();
    }
    // Last, once the batch is visible: a reader sees a position only with every lower one, and a
    // change that depends on another (a commit of a hold) was planned after that one was written.
    List<FeedChange> changes = plan.changes();
    if (!changes.isEmpty()) {
      Instant now = Instant.now();
      synchronized (feed) {
        for (FeedChange c : changes) {
          feed.add(new FeedRow(prunedThrough + feed.size() + 1, c, now));
        }
      }
    }
  }

  // ---- change feed ----

  @Override
  public ChangePage changes(long after, int limit) {
    FeedRules.checkRead(after, limit);
    List<FeedRow> rows;
    synchronized (feed) {
      if (after < prunedThrough) {
        throw new ChangesPrunedException(after, prunedThrough);
      }
      int from = (int) Math.min(after - prunedThrough, feed.size());
      rows = new ArrayList<>(feed.subList(from, (int) Math.min(feed.size(), (long) from + limit)));
    }
    List<Change> result = new ArrayList<>(rows.size());
    for (FeedRow r : rows) {
      Transaction tx = Objects.requireNonNull(transactions.get(r.change().transactionId())).view();
      result.add(new Change(r.position(), r.change().type(), r.change().transactionId(), r.change().status(),
          r.change().at(), tx));
    }
    return new ChangePage(result, result.isEmpty() ? after : result.get(result.size() - 1).position());
  }

  @Override
  public int pruneChanges(Instant recordedBefore, long through, int limit) {
    FeedRules.checkPrune(recordedBefore, limit);
    synchronized (feed) {
      int n = 0;
      while (n < limit && !feed.isEmpty() && feed.get(0).position() <= through
          && feed.get(0).recordedAt().isBefore(recordedBefore)) {
        feed.remove(0);
        n++;
      }
      prunedThrough += n;
      return n;
    }
  }

  /** The state of a locked account, or null: a binary search, since the array is in id order. */
  private static @Nullable AccountState find(AccountState[] locked, AccountId id) {
    int lo = 0;
    int hi = locked.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = locked[mid].id.compareTo(id);
      if (cmp == 0) {
        return locked[mid];
      }
      if (cmp < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  private static AccountState lockedState(AccountState[] locked, AccountId id) {
    AccountState state = find(locked, id);
    if (state == null) {
      throw new IllegalStateException("account " + id + " was read or written without being locked");
    }
    return state;
  }

  @Override
  public Optional<Transaction> findTransaction(TransactionId id) {
    notNull(id, "transactionId");
    TxState state = transactions.get(id);
    return state == null ? Optional.empty() : Optional.of(state.view());
  }

  @Override
  public Optional<Transaction> findTransactionByKey(String idempotencyKey) {
    notNull(idempotencyKey, "idempotencyKey");
    Object value = keys.get(idempotencyKey);
    return value instanceof TxState state ? Optional.of(state.view()) : Optional.empty();
  }

  // ---- balances and statements ----

  @Override
  public Optional<Balance> findBalance(AccountId id) {
    notNull(id, "accountId");
    AccountState state = accounts.get(id);
    return state == null ? Optional.empty() : Optional.of(state.balance);
  }

  @Override
  public List<Balance> findBalances(Collection<AccountId> ids) {
    notNull(ids, "accountIds");
    List<Balance> result = new ArrayList<>(ids.size());
    for (AccountId id : new HashSet<>(ids)) {
      AccountState state = id == null ? null : accounts.get(id);
      if (state != null) {
        result.add(state.balance);
      }
    }
    return result;
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    notNull(id, "accountId");
    notNull(asOf, "asOf");
    AccountState state = existing(id);
    state.lock.lock();
    try {
      return asOf(state, asOf);
    } finally {
      state.lock.unlock();
    }
  }

  private static Balance asOf(AccountState state, Instant asOf) {
    Account a = state.account;
    long[] sums = state.log.postedAsOf(asOf);
    return new Balance(a.id(), a.currency(), a.normalSide(), sums[0], sums[1], 0, 0, sums[2]);
  }

  @Override
  public List<Balance> balancesAsOf(Instant asOf) {
    notNull(asOf, "asOf");
    AccountState[] all = lockEverything();
    try {
      List<Balance> result = new ArrayList<>(all.length);
      for (AccountState state : all) {
        result.add(asOf(state, asOf));
      }
      return result;
    } finally {
      unlockEverything(all);
    }
  }

  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    notNull(id, "accountId");
    notNull(valueDate, "valueDate");
    AccountState state = existing(id);
    state.lock.lock();
    try {
      return on(state, valueDate);
    } finally {
      state.lock.unlock();
    }
  }

  private static Balance on(AccountState state, LocalDate valueDate) {
    Account a = state.account;
    long[] sums = state.values.through(valueDate);
    return new Balance(a.id(), a.currency(), a.normalSide(), sums[0], sums[1], 0, 0, 0);
  }

  @Override
  public List<Balance> balancesOn(LocalDate valueDate) {
    notNull(valueDate, "valueDate");
    AccountState[] all = lockEverything();
    try {
      List<Balance> result = new ArrayList<>(all.length);
      for (AccountState state : all) {
        result.add(on(state, valueDate));
      }
      return result;
    } finally {
      unlockEverything(all);
    }
  }

  @Override
  public ValueDatedSlice valueDatedEntries(AccountId id, LocalDate from, LocalDate to,
      @Nullable ValueDatePosition after, int limit) {
    notNull(id, "accountId");
    notNull(from, "from");
    notNull(to, "to");
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    AccountState state = existing(id);
    state.lock.lock();
    try {
      return state.values.slice(state.account, from, to, after, limit);
    } finally {
      state.lock.unlock();
    }
  }

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    notNull(id, "accountId");
    notNull(from, "from");
    notNull(to, "to");
    notNull(page, "page");
    if (!to.isAfter(from)) {
      throw new InvalidRequestException("to", to, "must be after from (" + from + ")");
    }
    AccountState state = existing(id);
    long[] after = page.cursor() == null ? null : parseCursor(id, from, to, page.cursor());
    state.lock.lock();
    try {
      AccountLog log = state.log;
      int start = log.firstAtOrAfter(from);
      if (after != null) {
        start = Math.max(start, log.firstAfter(after[0], (int) after[1]));
      }
      List<Entry> entries = new ArrayList<>(Math.min(page.size(), 64));
      Entry last = null;
      boolean more = false;
      for (int i = start; i < log.size(); i++) {
        Entry e = log.get(i);
        if (e.postedAt().isBefore(from)) {
          continue;
        }
        if (!e.postedAt().isBefore(to)) {
          if (log.chronological()) {
            break;
          }
          continue;
        }
        if (entries.size() == page.size()) {
          more = true;
          break;
        }
        entries.add(e);
        last = e;
      }
      String next = more && last != null ? cursor(id, from, to, last.accountVersion(), last.ordinal()) : null;
      return new StatementPage(id, entries, next);
    } finally {
      state.lock.unlock();
    }
  }

  private String cursor(AccountId id, Instant from, Instant to, long version, int ordinal) {
    return CURSOR_PREFIX + Long.toString(version, 36) + "." + Integer.toString(ordinal, 36) + "."
        + Long.toString(signature(id, from, to, version, ordinal) >>> 1, 36);
  }

  /** @return {version, ordinal} of a cursor this store issued for this account and range */
  private long[] parseCursor(AccountId id, Instant from, Instant to, String cursor) {
    if (!cursor.startsWith(CURSOR_PREFIX)) {
      throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED);
    }
    String[] parts = cursor.substring(CURSOR_PREFIX.length()).split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED);
    }
    try {
      long version = Long.parseLong(parts[0], 36);
      int ordinal = Integer.parseInt(parts[1], 36);
      long signature = Long.parseLong(parts[2], 36);
      if (version < 0 || ordinal < 0 || signature != signature(id, from, to, version, ordinal) >>> 1) {
        throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED);
      }
      return new long[] {version, ordinal};
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED, e);
    }
  }

  private long signature(AccountId id, Instant from, Instant to, long version, int ordinal) {
    long h = cursorSecret;
    h = mix(h ^ id.value().getMostSignificantBits());
    h = mix(h ^ id.value().getLeastSignificantBits());
    h = mix(h ^ from.getEpochSecond());
    h = mix(h ^ from.getNano());
    h = mix(h ^ to.getEpochSecond());
    h = mix(h ^ to.getNano());
    h = mix(h ^ version);
    return mix(h ^ ordinal);
  }

  /** The SplitMix64 finalizer: spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  // ---- integrity ----

  @Override
  public IntegrityReport checkIntegrity(Instant now) {
    notNull(now, "now");
    AccountState[] all = lockEverything();
    try {
      return integrity(now, all);
    } finally {
      unlockEverything(all);
    }
  }

  private IntegrityReport integrity(Instant now, AccountState[] all) {
    Map<CurrencyUnit, long[]> totals = new HashMap<>();
    Map<CurrencyUnit, long[]> counterTotals = new HashMap<>();
    Set<EntryId> logged = new HashSet<>();
    List<EntryId> orphans = new ArrayList<>();
    List<IntegrityReport.CounterMismatch> mismatches = new ArrayList<>();
    long entriesChecked = 0;
    for (AccountState state : all) {
      Account a = state.account;
      long[] counters = new long[4];
      AccountLog log = state.log;
      for (int i = 0; i < log.size(); i++) {
        Entry e = log.get(i);
        entriesChecked++;
        logged.add(e.id());
        TxState tx = transactions.get(e.transactionId());
        if (tx == null || !contains(tx.transaction, e) || !e.accountId().equals(a.id())) {
          orphans.add(e.id());
        }
        long amount = e.amount().minorUnits();
        int slot = e.side() == Side.DEBIT ? 0 : 1;
        if (!e.pending()) {
          counters[slot] += amount;
          totals.computeIfAbsent(e.amount().currency(), c -> new long[2])[slot] += amount;
        } else if (tx != null && tx.transaction.status() == TransactionStatus.PENDING) {
          counters[2 + slot] += amount;
        }
      }
      Balance stored = state.balance;
      // The trial balance over the accounts' counters too, as the PostgreSQL check does.
      long[] storedTotals = counterTotals.computeIfAbsent(a.currency(), c -> new long[2]);
      storedTotals[0] += stored.postedDebits();
      storedTotals[1] += stored.postedCredits();
      if (stored.postedDebits() != counters[0] || stored.postedCredits() != counters[1]
          || stored.pendingDebits() != counters[2] || stored.pendingCredits() != counters[3]) {
        Balance expected = new Balance(a.id(), a.currency(), a.normalSide(), counters[0], counters[1], counters[2],
            counters[3], stored.version());
        mismatches.add(new IntegrityReport.CounterMismatch(a.id(), stored, expected));
      }
    }
    List<TransactionId> unbalanced = new ArrayList<>();
    long transactionsChecked = 0;
    for (TxState state : transactions.values()) {
      Transaction tx = state.transaction;
      transactionsChecked++;
      if (tx.entries().isEmpty() || !balanced(tx.entries(), false) || !balanced(tx.entries(), true)) {
        unbalanced.add(tx.id());
      }
      for (Entry e : tx.entries()) {
        if (!logged.contains(e.id())) {
          orphans.add(e.id());
        }
      }
    }
    unbalanced.sort(Comparator.naturalOrder());
    orphans.sort(Comparator.naturalOrder());
    List<CurrencyUnit> unbalancedCurrencies = new ArrayList<>();
    for (Map<CurrencyUnit, long[]> sums : List.of(totals, counterTotals)) {
      for (Map.Entry<CurrencyUnit, long[]> t : sums.entrySet()) {
        if (t.getValue()[0] != t.getValue()[1] && !unbalancedCurrencies.contains(t.getKey())) {
          unbalancedCurrencies.add(t.getKey());
        }
      }
    }
    unbalancedCurrencies.sort(Comparator.comparing(CurrencyUnit::code).thenComparingInt(CurrencyUnit::scale));
    return new IntegrityReport(now, unbalancedCurrencies, unbalanced, orphans, mismatches, transactionsChecked,
        entriesChecked);
  }

  private static boolean contains(Transaction tx, Entry e) {
    List<Entry> entries = tx.entries();
    if (e.ordinal() < entries.size() && entries.get(e.ordinal()).id().equals(e.id())) {
      return true;
    }
    for (Entry candidate : entries) {
      if (candidate.id().equals(e.id())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the posted (or the pending) entries of a transaction balance per currency. */
  private static boolean balanced(List<Entry> entries, boolean pending) {
    Map<CurrencyUnit, long[]> sums = new HashMap<>(4);
    for (Entry e : entries) {
      if (e.pending() == pending) {
        sums.computeIfAbsent(e.amount().currency(), c -> new long[1])[0] += e.signedDebitMinor();
      }
    }
    for (long[] sum : sums.values()) {
      if (sum[0] != 0) {
        return false;
      }
    }
    return true;
  }

  // ---- balance monitors ----

  @Override
  public void createMonitor(BalanceMonitor monitor) {
    notNull(monitor, "monitor");
    // The category lock first, as a category's deletion takes it, so a watched category stays.
    categoryRead(() -> {
      if (monitor.target() instanceof MonitorTarget.OfCategory c) {
        CategoryRules.checkWatched(categories.values(), c.categoryId());
      }
      createMonitorRow(monitor);
      return null;
    });
  }

  private void createMonitorRow(BalanceMonitor monitor) {
    synchronized (monitors) {
      if (monitors.containsKey(monitor.id())) {
        throw new DuplicateMonitorException("monitor.id", monitor.id(), "is taken");
      }
      for (MonitorRow row : monitors.values()) {
        if (!row.removed && row.monitor.name().equals(monitor.name())) {
          throw new DuplicateMonitorException("monitor.name", monitor.name(), "is taken by monitor " + row.monitor.id());
        }
      }
      monitors.put(monitor.id(), new MonitorRow(monitor));
    }
  }

  @Override
  public List<BalanceMonitor> listMonitors() {
    synchronized (monitors) {
      return monitors.values().stream().filter(r -> !r.removed).map(r -> r.monitor)
          .sorted(Comparator.comparing(BalanceMonitor::name)).toList();
    }
  }

  @Override
  public Optional<BalanceMonitor> removeMonitor(MonitorId id, Instant at) {
    notNull(id, "monitorId");
    notNull(at, "at");
    synchronized (monitors) {
      MonitorRow row = monitors.get(id);
      if (row == null || row.removed) {
        return Optional.empty();
      }
      row.removed = true;
      return Optional.of(row.monitor);
    }
  }

  @Override
  public MonitorCursor monitorCursor() {
    synchronized (monitors) {
      return monitorCursor;
    }
  }

  @Override
  public List<WatchedMonitor> monitorsOn(Collection<AccountId> accounts) {
    Set<AccountId> wanted = new HashSet<>(notNull(accounts, "accounts"));
    return categoryRead(() -> {
      Set<CategoryId> holding = CategoryRules.holding(categories.values(), memberships, wanted);
      synchronized (monitors) {
        return monitors.values().stream()
            .filter(r -> !r.removed && MonitorRules.watches(r.monitor.target(), wanted, holding))
            .map(r -> new WatchedMonitor(r.monitor, r.state)).toList();
      }
    });
  }

  @Override
  public List<WatchedMonitor> unevaluatedMonitors(int limit) {
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    synchronized (monitors) {
      return monitors.values().stream().filter(r -> !r.removed && r.state == null).limit(limit)
          .map(r -> new WatchedMonitor(r.monitor, null)).toList();
    }
  }

  @Override
  public List<MonitorAlert> recordMonitorEvaluation(MonitorEvaluation evaluation) {
    notNull(evaluation, "evaluation");
    synchronized (monitors) {
      if (evaluation.round() != monitorCursor.round()) {
        throw new ConcurrencyException("round", evaluation.round(),
            "is stale: another evaluation was recorded since (round " + monitorCursor.round() + ")");
      }
      if (evaluation.position() < monitorCursor.position()) {
        throw new InvalidRequestException("position", evaluation.position(),
            "is before the cursor's position " + monitorCursor.position());
      }
      for (MonitorState s : evaluation.states()) {
        MonitorRow row = monitors.get(s.monitorId());
        if (row != null && !row.removed) {
          row.state = s;
        }
      }
      List<MonitorAlert> recorded = new ArrayList<>(evaluation.alerts().size());
      for (FiredAlert a : evaluation.alerts()) {
        MonitorRow row = monitors.get(a.monitorId());
        if (row != null && !row.removed) {
          MonitorAlert alert = new MonitorAlert(alerts.size() + 1, row.monitor, a.value(), a.accountVersion(),
              a.changePosition(), a.firedAt());
          alerts.add(alert);
          recorded.add(alert);
        }
      }
      monitorCursor = new MonitorCursor(evaluation.position(), monitorCursor.round() + 1);
      return recorded;
    }
  }

  @Override
  public MonitorAlertPage monitorAlerts(long after, int limit) {
    synchronized (monitors) {
      int from = (int) Math.min(Math.max(after, 0), alerts.size());
      List<MonitorAlert> page = List.copyOf(alerts.subList(from, (int) Math.min(alerts.size(), (long) from + limit)));
      return new MonitorAlertPage(page, page.isEmpty() ? after : page.get(page.size() - 1).position());
    }
  }

  // ---- jobs ----

  // ---- hash chains ----

  @Override
  public List<HashChainHead> hashChainHeads(@Nullable AccountId after, int limit) {
    List<AccountState> states = new ArrayList<>(accounts.values());
    states.sort(Comparator.comparing(st -> st.id));
    List<HashChainHead> heads = new ArrayList<>();
    for (AccountState st : states) {
      if (heads.size() == limit) {
        break;
      }
      if (after != null && st.id.compareTo(after) <= 0) {
        continue;
      }
      long version;
      String last;
      st.lock.lock();
      try {
        version = st.balance.version();
        last = st.lastHash;
      } finally {
        st.lock.unlock();
      }
      HashChainCheckpoint cp = chainCheckpoints.get(st.id);
      heads.add(new HashChainHead(st.id, version, last, 0, cp == null ? 0 : cp.version(), cp == null ? null : cp.hash()));
    }
    return heads;
  }

  @Override
  public List<Entry> hashChainEntries(AccountId id, long afterVersion, int afterOrdinal, long throughVersion,
      int limit) {
    AccountState st = existing(notNull(id, "accountId"));
    List<Entry> page = new ArrayList<>();
    st.lock.lock();
    try {
      // The log is in chain order: find the first entry after (afterVersion, afterOrdinal).
      int lo = 0;
      int hi = st.log.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        Entry e = st.log.get(mid);
        if (e.accountVersion() < afterVersion || e.accountVersion() == afterVersion && e.ordinal() <= afterOrdinal) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      for (int i = lo; i < st.log.size() && page.size() < limit && st.log.get(i).accountVersion() <= throughVersion; i++) {
        page.add(st.log.get(i));
      }
    } finally {
      st.lock.unlock();
    }
    return page;
  }

  @Override
  public void saveHashChainCheckpoint(AccountId id, long verifiedThrough, String hash) {
    chainCheckpoints.put(notNull(id, "accountId"), new HashChainCheckpoint(verifiedThrough, notNull(hash, "hash")));
  }

  @Override
  public List<TransactionId> findExpiredHolds(Instant now, int limit) {
    notNull(now, "now");
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    List<TransactionId> result = new ArrayList<>(Math.min(limit, 64));
    Optional<LocalDate> closed = PeriodRules.closedThrough(closures);
    for (Hold hold : expiringHolds) {
      if (hold.expiresAt().isAfter(now) || result.size() == limit) {
        break;
      }
      TxState state = transactions.get(hold.id());
      if (state != null && state.transaction.status() == TransactionStatus.PENDING
          && (closed.isEmpty() || state.transaction.effectiveDate().isAfter(closed.get()))) {
        result.add(hold.id());
      }
    }
    return result;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A lock per job name and the latest {@value InMemoryJobRuns#DEFAULT_CAPACITY} runs, for this
   * store's process.
   */
  @Override
  public InMemoryJobRuns jobRuns() {
    return jobRuns;
  }

  // ---- extras for tests ----

  /** @return how many transactions are stored (holds and reversals included) */
  public long transactionCount() {
    return transactions.size();
  }

  /** @return how many entries are stored over all accounts */
  public long entryCount() {
    long count = 0;
    for (AccountState state : accounts.values()) {
      state.lock.lock();
      try {
        count += state.log.size();
      } finally {
        state.lock.unlock();
      }
    }
    return count;
  }

  // ---- locking ----

  private AccountState existing(AccountId id) {
    AccountState state = accounts.get(id);
    if (state == null) {
      throw new AccountNotFoundException("accountId", id, "does not exist");
    }
    return state;
  }

  private static void lockAll(AccountState[] states) {
    int taken = 0;
    try {
      for (AccountState s : states) {
        s.lock.lock();
        taken++;
      }
    } catch (RuntimeException | Error e) {
      for (int i = taken - 1; i >= 0; i--) {
        states[i].lock.unlock();
      }
      throw e;
    }
  }

  private static void unlockAll(AccountState[] states) {
    for (int i = states.length - 1; i >= 0; i--) {
      states[i].lock.unlock();
    }
  }

  /** Stops account creation and takes every account lock in id order: a still picture of the ledger. */
  private AccountState[] lockEverything() {
    accountCreation.lock();
    try {
      AccountState[] all = accounts.values().toArray(new AccountState[0]);
      Arrays.sort(all, Comparator.comparing(s -> s.id));
      lockAll(all);
      return all;
    } catch (RuntimeException | Error e) {
      accountCreation.unlock();
      throw e;
    }
  }

  private void unlockEverything(AccountState[] all) {
    unlockAll(all);
    accountCreation.unlock();
  }

  private static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

  // ---- state ----

  /** A monitor's definition and the state its evaluator recorded; guarded by {@link #monitors}. */
  private static final class MonitorRow {
    final BalanceMonitor monitor;
    @Nullable MonitorState state;
    boolean removed;

    MonitorRow(BalanceMonitor monitor) {
      this.monitor = monitor;
    }
  }

  /** A change with its position and when it was recorded. */
  private record FeedRow(long position, FeedChange change, Instant recordedAt) {}

  /** An account, its counters and its entries; the lock guards the log and every change. */
  private static final class AccountState {
    final AccountId id;
    final ReentrantLock lock = new ReentrantLock();
    final AccountLog log = new AccountLog();
    final ValueDatedBook values = new ValueDatedBook();
    volatile Account account;
    volatile Balance balance;
    /** The hash of the latest entry of {@link #log}, or null when it is empty. */
    volatile @Nullable String lastHash;

    AccountState(Account account) {
      this.id = account.id();
      this.account = account;
      this.balance = Balance.zero(account);
    }
  }

  /**
   * A stored transaction. The reversal link is kept apart and joined on read, since the reversing
   * transaction is what records it.
   */
  private static final class TxState {
    final String requestHash;
    volatile Transaction transaction;
    volatile @Nullable TransactionId reversedBy;

    TxState(String requestHash, Transaction transaction) {
      this.requestHash = requestHash;
      this.transaction = transaction;
    }

    Transaction view() {
      TransactionId reversal = reversedBy;
      Transaction t = transaction;
      return reversal == null ? t : t.withReversedBy(reversal);
    }
  }

  /**
   * An idempotency key being booked; others with the same key wait for it. Releasing it costs a
   * volatile write unless someone waits: the waiter announces itself before checking, the releaser
   * finishes before looking for waiters, so one of them always sees the other.
   */
  private static final class Claim {
    private volatile boolean done;
    private volatile boolean waitedOn;

    synchronized void await(String key) {
      waitedOn = true;
      try {
        while (!done) {
          wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConcurrencyException("idempotencyKey", key,
            "was being booked by another request when this thread was interrupted; retry with the same key");
      }
    }

    void release() {
      done = true;
      if (waitedOn) {
        synchronized (this) {
          notifyAll();
        }
      }
    }
  }

  /** A verified version of an account's chain and its hash. */
  private record HashChainCheckpoint(long version, String hash) {}

  /** A pending transaction with an expiry, ordered by expiry then id. */
  private record Hold(Instant expiresAt, TransactionId id) implements Comparable<Hold> {
    @Override
    public int compareTo(Hold other) {
      int c = expiresAt.compareTo(other.expiresAt);
      return c != 0 ? c : id.compareTo(other.id);
    }
  }
}
