package io.github.corebanking.ledger.testkit.contract;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.ConcurrencyException;
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
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.HistoryImport;
import io.github.corebanking.ledger.spi.ImportPlan;
import io.github.corebanking.ledger.spi.LockedState;
import io.github.corebanking.ledger.spi.PeriodRules;
import io.github.corebanking.ledger.spi.PostingPlanner;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.spi.StoredTransaction;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedEntry;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A third store, written from the SPI's javadoc and {@link PostingPlanner} alone: one lock for
 * everything, plain maps, every state-dependent rule left to the planner. It exists to show that a
 * store of a user's own passes {@link LedgerStoreContract} unchanged; it is no model of speed.
 */
final class SingleLockLedgerStore implements LedgerStore {

  private static final String NOT_ISSUED = "is not a cursor this ledger issued";

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<AccountId, Account> accounts = new HashMap<>();
  private final TreeMap<String, AccountId> codes = new TreeMap<>();
  private final Map<AccountId, Balance> balances = new HashMap<>();
  private final Map<AccountId, List<Entry>> entries = new HashMap<>();
  private final Map<TransactionId, StoredTransaction> transactions = new HashMap<>();
  private final Map<String, TransactionId> keys = new HashMap<>();
  private final InMemoryJobRuns jobRuns = new InMemoryJobRuns();
  private final Map<AccountId, Object[]> chainCheckpoints = new HashMap<>();
  private final List<PeriodClosure> closures = new ArrayList<>();
  private final Map<CategoryId, Category> categories = new HashMap<>();
  private final Set<CategoryMembership> memberships = new HashSet<>();
  private @Nullable Instant imported;
  private boolean live;
  private final List<Recorded> feed = new ArrayList<>();
  private long prunedThrough;

  private <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private Account existing(AccountId id) {
    Account a = accounts.get(id);
    if (a == null) {
      throw new AccountNotFoundException("accountId", id, "does not exist");
    }
    return a;
  }

  @Override
  public void createAccount(Account account) {
    locked(() -> {
      if (account.status() != AccountStatus.OPEN) {
        throw new InvalidRequestException("account.status", account.status(), "must be OPEN for a new account");
      }
      if (accounts.containsKey(account.id())) {
        throw new DuplicateAccountException("account.id", account.id(), "is already taken");
      }
      AccountId holder = codes.get(account.code());
      if (holder != null) {
        throw new DuplicateAccountException("account.code", account.code(), "is already used by account " + holder);
      }
      accounts.put(account.id(), account);
      codes.put(account.code(), account.id());
      balances.put(account.id(), Balance.zero(account));
      entries.put(account.id(), new ArrayList<>());
      return null;
    });
  }

  @Override
  public Account changeAccountStatus(AccountId id, AccountStatus status) {
    return locked(() -> {
      Account account = existing(id);
      if (PostingPlanner.checkStatusChange(account, balances.get(id), status)) {
        account = account.withStatus(status);
        accounts.put(id, account);
      }
      return account;
    });
  }

  @Override
  public Optional<Account> findAccount(AccountId id) {
    return locked(() -> Optional.ofNullable(accounts.get(id)));
  }

  @Override
  public Optional<Account> findAccountByCode(String code) {
    return locked(() -> Optional.ofNullable(codes.get(code)).map(accounts::get));
  }

  @Override
  public List<Account> findAccounts(Collection<AccountId> ids) {
    return locked(() -> new HashSet<>(ids).stream().map(accounts::get).filter(a -> a != null).toList());
  }

  @Override
  public List<Account> listAccounts() {
    return locked(() -> codes.values().stream().map(accounts::get).toList());
  }

  @Override
  public AppliedPosting apply(StorePosting posting) {
    return applyAll(List.of(posting)).get(0);
  }

  @Override
  public List<AppliedPosting> applyAll(List<StorePosting> postings) {
    return locked(() -> {
      BatchPlan plan = PostingPlanner.plan(postings, state());
      if (plan.writes()) {
        live = true;
      }
      return write(plan);
    });
  }

  @Override
  public List<AppliedPosting> importHistory(List<StorePosting.NewTransaction> postings) {
    return locked(() -> {
      ImportPlan plan = PostingPlanner.planImport(postings, state(), new HistoryImport(imported, live));
      List<AppliedPosting> results = write(plan.batch());
      imported = plan.after().bookedThrough();
      return results;
    });
  }

  /** One lock covers every account, key and target, so the state read under it cannot move. */
  private LockedState state() {
    return new LockedState() {
      @Override
      public Optional<Account> account(AccountId id) {
        return Optional.ofNullable(accounts.get(id));
      }

      @Override
      public Balance balance(AccountId id) {
        return balances.get(id);
      }

      @Override
      public @Nullable String lastEntryHash(AccountId id) {
        List<Entry> log = entries.get(id);
        return log.isEmpty() ? null : log.get(log.size() - 1).hash();
      }

      @Override
      public Optional<StoredTransaction> byKey(String idempotencyKey) {
        return Optional.ofNullable(keys.get(idempotencyKey)).map(transactions::get);
      }

      @Override
      public Optional<StoredTransaction> transaction(TransactionId id) {
        return Optional.ofNullable(transactions.get(id));
      }

      @Override
      public Optional<LocalDate> closedThrough() {
        return PeriodRules.closedThrough(closures);
      }

      @Override
      public @Nullable Instant importedThrough() {
        return live ? null : imported;
      }
    };
  }

  private List<AppliedPosting> write(BatchPlan plan) {
    List<AppliedPosting> results = plan.results();
    for (StoredTransaction created : plan.created()) {
      transactions.put(created.transaction().id(), created);
      keys.put(created.transaction().idempotencyKey(), created.transaction().id());
    }
    for (BatchPlan.Settlement s : plan.settled()) {
      String hash = transactions.get(s.transaction().id()).requestHash();
      transactions.put(s.transaction().id(), new StoredTransaction(s.transaction(), hash));
    }
    for (Transaction original : plan.reversed()) {
      StoredTransaction stored = transactions.get(original.id());
      transactions.put(original.id(),
          new StoredTransaction(stored.transaction().withReversedBy(original.reversedBy()), stored.requestHash()));
    }
    for (Entry e : plan.entries()) {
      entries.get(e.accountId()).add(e);
    }
    balances.putAll(plan.balances());
    for (FeedChange c : plan.changes()) {
      feed.add(new Recorded(prunedThrough + feed.size() + 1, c, Instant.now()));
    }
    return results;
  }

  private static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

  /** A monitor's definition and its state; guarded by the lock. */
  private static final class MonitorRow {
    final BalanceMonitor monitor;
    @Nullable MonitorState state;
    boolean removed;

    MonitorRow(BalanceMonitor monitor) {
      this.monitor = monitor;
    }
  }

  private final java.util.LinkedHashMap<MonitorId, MonitorRow> monitors = new java.util.LinkedHashMap<>();
  private MonitorCursor monitorCursor = MonitorCursor.START;
  private final List<MonitorAlert> alerts = new ArrayList<>();

  private record Recorded(long position, FeedChange change, Instant recordedAt) {}

  @Override
  public ChangePage changes(long after, int limit) {
    FeedRules.checkRead(after, limit);
    return locked(() -> {
      if (after < prunedThrough) {
        throw new ChangesPrunedException(after, prunedThrough);
      }
      List<Change> page = new ArrayList<>();
      for (Recorded r : feed) {
        if (r.position() > after && page.size() < limit) {
          page.add(new Change(r.position(), r.change().type(), r.change().transactionId(), r.change().status(),
              r.change().at(), transactions.get(r.change().transactionId()).transaction()));
        }
      }
      return new ChangePage(page, page.isEmpty() ? after : page.get(page.size() - 1).position());
    });
  }

  @Override
  public int pruneChanges(Instant recordedBefore, long through, int limit) {
    FeedRules.checkPrune(recordedBefore, limit);
    return locked(() -> {
      int n = 0;
      while (n < limit && !feed.isEmpty() && feed.get(0).position() <= through
          && feed.get(0).recordedAt().isBefore(recordedBefore)) {
        feed.remove(0);
        n++;
      }
      prunedThrough += n;
      return n;
    });
  }

  @Override
  public Optional<Transaction> findTransaction(TransactionId id) {
    return locked(() -> Optional.ofNullable(transactions.get(id)).map(StoredTransaction::transaction));
  }

  @Override
  public Optional<Transaction> findTransactionByKey(String idempotencyKey) {
    return locked(() -> Optional.ofNullable(keys.get(idempotencyKey)).map(id -> transactions.get(id).transaction()));
  }

  @Override
  public Optional<Balance> findBalance(AccountId id) {
    return locked(() -> Optional.ofNullable(balances.get(id)));
  }

  @Override
  public List<Balance> findBalances(Collection<AccountId> ids) {
    return locked(() -> new HashSet<>(ids).stream().map(balances::get).filter(b -> b != null).toList());
  }

  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    return locked(() -> on(existing(id), valueDate));
  }

  @Override
  public List<Balance> balancesOn(LocalDate valueDate) {
    return locked(() -> codes.values().stream().map(id -> on(accounts.get(id), valueDate)).toList());
  }

  /** A scan of every posted entry: this store keeps nothing by value date. */
  private Balance on(Account a, LocalDate valueDate) {
    long debits = 0;
    long credits = 0;
    for (ValueDatedEntry e : dated(a.id())) {
      if (!e.valueDate().isAfter(valueDate)) {
        if (e.entry().side() == Side.DEBIT) {
          debits += e.entry().amount().minorUnits();
        } else {
          credits += e.entry().amount().minorUnits();
        }
      }
    }
    return new Balance(a.id(), a.currency(), a.normalSide(), debits, credits, 0, 0, 0);
  }

  /** The account's posted entries with their transactions' value dates, in value-date order. */
  private List<ValueDatedEntry> dated(AccountId id) {
    List<ValueDatedEntry> out = new ArrayList<>();
    for (Entry e : entries.get(id)) {
      if (!e.pending()) {
        out.add(new ValueDatedEntry(transactions.get(e.transactionId()).transaction().effectiveDate(), e));
      }
    }
    out.sort(Comparator.comparing(ValueDatedEntry::position));
    return out;
  }

  @Override
  public ValueDatedSlice valueDatedEntries(AccountId id, LocalDate from, LocalDate to,
      @Nullable ValueDatePosition after, int limit) {
    return locked(() -> {
      Account a = existing(id);
      long net = 0;
      List<ValueDatedEntry> out = new ArrayList<>();
      for (ValueDatedEntry e : dated(id)) {
        boolean before = after == null ? e.valueDate().isBefore(from) : e.position().compareTo(after) <= 0;
        if (before) {
          net += e.entry().side() == a.normalSide() ? e.entry().amount().minorUnits() : -e.entry().amount().minorUnits();
        } else if (!e.valueDate().isAfter(to) && out.size() < limit) {
          out.add(e);
        }
      }
      return new ValueDatedSlice(io.github.corebanking.ledger.Money.ofMinor(net, a.currency()), out);
    });
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    return locked(() -> asOf(existing(id), asOf));
  }

  private Balance asOf(Account a, Instant asOf) {
    long debits = 0;
    long credits = 0;
    long version = 0;
    for (Entry e : entries.get(a.id())) {
      if (!e.pending() && !e.postedAt().isAfter(asOf)) {
        if (e.side() == Side.DEBIT) {
          debits += e.amount().minorUnits();
        } else {
          credits += e.amount().minorUnits();
        }
        version = Math.max(version, e.accountVersion());
      }
    }
    return new Balance(a.id(), a.currency(), a.normalSide(), debits, credits, 0, 0, version);
  }

  @Override
  public List<Balance> balancesAsOf(Instant asOf) {
    return locked(() -> codes.values().stream().map(id -> asOf(accounts.get(id), asOf)).toList());
  }

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    return locked(() -> {
      existing(id);
      long[] after = page.cursor() == null ? null : parse(page.cursor(), bound(id, from, to));
      List<Entry> window = entries.get(id).stream()
          .filter(e -> !e.postedAt().isBefore(from) && e.postedAt().isBefore(to))
          .filter(e -> after == null || e.accountVersion() > after[0]
              || (e.accountVersion() == after[0] && e.ordinal() > after[1]))
          .sorted(Comparator.comparingLong(Entry::accountVersion).thenComparingInt(Entry::ordinal))
          .toList();
      if (window.size() <= page.size()) {
        return new StatementPage(id, window, null);
      }
      Entry last = window.get(page.size() - 1);
      return new StatementPage(id, window.subList(0, page.size()),
          "v" + last.accountVersion() + "." + last.ordinal() + "." + bound(id, from, to));
    });
  }

  /** What binds a cursor to its statement: the account and the range. */
  private static String bound(AccountId id, Instant from, Instant to) {
    return Integer.toHexString(Objects.hash(id, from, to));
  }

  private static long[] parse(String cursor, String statement) {
    String[] parts = cursor.startsWith("v") ? cursor.substring(1).split("\\.", -1) : new String[0];
    try {
      if (parts.length == 3 && parts[2].equals(statement)) {
        return new long[] {Long.parseLong(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // falls through to the rejection
    }
    throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED);
  }

  @Override
  public IntegrityReport checkIntegrity(Instant now) {
    return locked(() -> {
      Map<CurrencyUnit, long[]> totals = new HashMap<>();
      List<IntegrityReport.CounterMismatch> mismatches = new ArrayList<>();
      Set<EntryId> inTransactions = new HashSet<>();
      List<TransactionId> unbalanced = new ArrayList<>();
      for (StoredTransaction st : transactions.values()) {
        Transaction tx = st.transaction();
        Map<CurrencyUnit, Long> net = new HashMap<>();
        for (Entry e : tx.entries()) {
          inTransactions.add(e.id());
          if (!e.pending()) {
            net.merge(e.amount().currency(), e.signedDebitMinor(), Long::sum);
          }
        }
        if (tx.entries().isEmpty() || net.values().stream().anyMatch(v -> v != 0)) {
          unbalanced.add(tx.id());
        }
      }
      List<EntryId> orphans = new ArrayList<>();
      long entryCount = 0;
      for (Account a : accounts.values()) {
        long[] counters = new long[4];
        for (Entry e : entries.get(a.id())) {
          entryCount++;
          if (!inTransactions.contains(e.id())) {
            orphans.add(e.id());
          }
          int slot = e.side() == Side.DEBIT ? 0 : 1;
          StoredTransaction tx = transactions.get(e.transactionId());
          if (!e.pending()) {
            counters[slot] += e.amount().minorUnits();
            totals.computeIfAbsent(e.amount().currency(), c -> new long[2])[slot] += e.amount().minorUnits();
          } else if (tx != null && tx.transaction().status() == TransactionStatus.PENDING) {
            counters[2 + slot] += e.amount().minorUnits();
          }
        }
        Balance stored = balances.get(a.id());
        Balance expected = new Balance(a.id(), a.currency(), a.normalSide(), counters[0], counters[1], counters[2],
            counters[3], stored.version());
        if (!expected.equals(stored)) {
          mismatches.add(new IntegrityReport.CounterMismatch(a.id(), stored, expected));
        }
      }
      List<CurrencyUnit> currencies = totals.entrySet().stream().filter(t -> t.getValue()[0] != t.getValue()[1])
          .map(Map.Entry::getKey).toList();
      unbalanced.sort(Comparator.naturalOrder());
      orphans.sort(Comparator.naturalOrder());
      return new IntegrityReport(now, currencies, unbalanced, orphans, mismatches, transactions.size(), entryCount);
    });
  }

  // ---- balance monitors ----

  @Override
  public void createMonitor(BalanceMonitor monitor) {
    notNull(monitor, "monitor");
    lock.lock();
    try {
      if (monitor.target() instanceof MonitorTarget.OfCategory c) {
        CategoryRules.checkWatched(categories.values(), c.categoryId());
      }
      if (monitors.containsKey(monitor.id())) {
        throw new DuplicateMonitorException("monitor.id", monitor.id(), "is taken");
      }
      for (MonitorRow row : monitors.values()) {
        if (!row.removed && row.monitor.name().equals(monitor.name())) {
          throw new DuplicateMonitorException("monitor.name", monitor.name(), "is taken by monitor " + row.monitor.id());
        }
      }
      monitors.put(monitor.id(), new MonitorRow(monitor));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<BalanceMonitor> listMonitors() {
    lock.lock();
    try {
      return monitors.values().stream().filter(r -> !r.removed).map(r -> r.monitor)
          .sorted(Comparator.comparing(BalanceMonitor::name)).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<BalanceMonitor> removeMonitor(MonitorId id, Instant at) {
    notNull(id, "monitorId");
    notNull(at, "at");
    lock.lock();
    try {
      MonitorRow row = monitors.get(id);
      if (row == null || row.removed) {
        return Optional.empty();
      }
      row.removed = true;
      return Optional.of(row.monitor);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public MonitorCursor monitorCursor() {
    lock.lock();
    try {
      return monitorCursor;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<WatchedMonitor> monitorsOn(Collection<AccountId> accounts) {
    Set<AccountId> wanted = new HashSet<>(notNull(accounts, "accounts"));
    lock.lock();
    try {
      Set<CategoryId> holding = CategoryRules.holding(categories.values(), memberships, wanted);
      return monitors.values().stream()
          .filter(r -> !r.removed && MonitorRules.watches(r.monitor.target(), wanted, holding))
          .map(r -> new WatchedMonitor(r.monitor, r.state)).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<WatchedMonitor> unevaluatedMonitors(int limit) {
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    lock.lock();
    try {
      return monitors.values().stream().filter(r -> !r.removed && r.state == null).limit(limit)
          .map(r -> new WatchedMonitor(r.monitor, null)).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<MonitorAlert> recordMonitorEvaluation(MonitorEvaluation evaluation) {
    notNull(evaluation, "evaluation");
    lock.lock();
    try {
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
    } finally {
      lock.unlock();
    }
  }

  @Override
  public MonitorAlertPage monitorAlerts(long after, int limit) {
    lock.lock();
    try {
      int from = (int) Math.min(Math.max(after, 0), alerts.size());
      List<MonitorAlert> page = List.copyOf(alerts.subList(from, (int) Math.min(alerts.size(), (long) from + limit)));
      return new MonitorAlertPage(page, page.isEmpty() ? after : page.get(page.size() - 1).position());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<TransactionId> findExpiredHolds(Instant now, int limit) {
    return locked(() -> transactions.values().stream().map(StoredTransaction::transaction)
        .filter(t -> t.status() == TransactionStatus.PENDING && t.expiresAt() != null && !t.expiresAt().isAfter(now))
        .filter(t -> PeriodRules.closedThrough(closures).map(c -> t.effectiveDate().isAfter(c)).orElse(true))
        .sorted(Comparator.comparing(Transaction::expiresAt).thenComparing(Transaction::id))
        .limit(limit).map(Transaction::id).toList());
  }

  @Override
  public PeriodClosure closePeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return locked(() -> {
      PeriodClosure closure = PeriodRules.close(closures, through, at, metadata);
      closures.add(closure);
      return closure;
    });
  }

  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Instant at, Map<String, String> metadata) {
    return locked(() -> {
      PeriodRules.Reopening reopening = PeriodRules.reopen(closures, through, at, metadata);
      closures.clear();
      closures.addAll(reopening.closures());
      return reopening.reopened();
    });
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return locked(() -> List.copyOf(closures));
  }

  @Override
  public void createCategory(Category category) {
    locked(() -> {
      CategoryRules.checkCreate(categories.values(), category);
      return categories.put(category.id(), category);
    });
  }

  @Override
  public Category moveCategory(CategoryId id, @Nullable CategoryId parentId) {
    return locked(() -> {
      Category moved = CategoryRules.checkMove(categories.values(), id, parentId);
      categories.put(id, moved);
      return moved;
    });
  }

  @Override
  public void deleteCategory(CategoryId id) {
    locked(() -> {
      CategoryRules.checkDelete(categories.values(), id,
          (int) memberships.stream().filter(m -> m.categoryId().equals(id)).count(),
          monitors.values().stream().filter(r -> !r.removed && r.monitor.target().equals(MonitorTarget.category(id)))
              .map(r -> r.monitor.name()).toList());
      return categories.remove(id);
    });
  }

  @Override
  public Optional<Category> findCategory(CategoryId id) {
    return locked(() -> Optional.ofNullable(categories.get(id)));
  }

  @Override
  public List<Category> listCategories() {
    return locked(() -> categories.values().stream().sorted(Comparator.comparing(Category::code)).toList());
  }

  @Override
  public boolean addToCategory(CategoryId categoryId, AccountId accountId) {
    return locked(() -> {
      CategoryRules.existing(categories.values(), categoryId, "categoryId");
      existing(accountId);
      return memberships.add(new CategoryMembership(categoryId, accountId));
    });
  }

  @Override
  public boolean removeFromCategory(CategoryId categoryId, AccountId accountId) {
    return locked(() -> {
      CategoryRules.existing(categories.values(), categoryId, "categoryId");
      existing(accountId);
      return memberships.remove(new CategoryMembership(categoryId, accountId));
    });
  }

  @Override
  public List<CategoryMembership> categoryMemberships() {
    return locked(() -> List.copyOf(memberships));
  }

  @Override
  public List<Account> categoryAccounts(CategoryId id) {
    return locked(() -> {
      CategoryRules.existing(categories.values(), id, "categoryId");
      return CategoryRules.accounts(categories.values(), memberships, id).stream().map(accounts::get)
          .sorted(Comparator.comparing(Account::code)).toList();
    });
  }

  @Override
  public CategoryBalance categoryBalance(CategoryId id) {
    return locked(() -> rollup(id, null));
  }

  @Override
  public CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf) {
    return locked(() -> rollup(id, asOf));
  }

  private CategoryBalance rollup(CategoryId id, @Nullable Instant asOf) {
    Category category = CategoryRules.existing(categories.values(), id, "categoryId");
    List<Account> members = CategoryRules.accounts(categories.values(), memberships, id).stream().map(accounts::get)
        .toList();
    Map<AccountId, Balance> sums = new HashMap<>();
    for (Account a : members) {
      sums.put(a.id(), asOf == null ? balances.get(a.id()) : asOf(a, asOf));
    }
    return CategoryRules.balance(category, asOf, members, sums);
  }

  @Override
  public List<io.github.corebanking.ledger.spi.HashChainHead> hashChainHeads(@Nullable AccountId after, int limit) {
    return locked(() -> accounts.keySet().stream().sorted()
        .filter(id -> after == null || id.compareTo(after) > 0)
        .limit(limit)
        .map(id -> {
          List<Entry> log = entries.get(id);
          Object[] cp = chainCheckpoints.get(id);
          return new io.github.corebanking.ledger.spi.HashChainHead(id, balances.get(id).version(),
              log.isEmpty() ? null : log.get(log.size() - 1).hash(), 0, cp == null ? 0 : (Long) cp[0],
              cp == null ? null : (String) cp[1]);
        })
        .toList());
  }

  @Override
  public List<Entry> hashChainEntries(AccountId id, long afterVersion, int afterOrdinal, long throughVersion,
      int limit) {
    return locked(() -> entries.get(id).stream()
        .filter(e -> e.accountVersion() > afterVersion || e.accountVersion() == afterVersion && e.ordinal() > afterOrdinal)
        .filter(e -> e.accountVersion() <= throughVersion)
        .limit(limit)
        .toList());
  }

  @Override
  public void saveHashChainCheckpoint(AccountId id, long verifiedThrough, String hash) {
    locked(() -> chainCheckpoints.put(id, new Object[] {verifiedThrough, hash}));
  }

  @Override
  public InMemoryJobRuns jobRuns() {
    return jobRuns;
  }

}
