package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.CategoryTrialBalances;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.internal.RequestHash;
import io.github.corebanking.ledger.internal.TrialBalances;
import io.github.corebanking.ledger.internal.ValueDatedCursor;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.CallerTransaction;
import io.github.corebanking.ledger.spi.FeedRules;
import io.github.corebanking.ledger.spi.CategoryMembership;
import io.github.corebanking.ledger.spi.IdGenerator;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.PeriodRules;
import io.github.corebanking.ledger.spi.PostingRule;
import io.github.corebanking.ledger.spi.RuleDecision;
import io.github.corebanking.ledger.spi.StorePosting;
import io.github.corebanking.ledger.spi.ValueDatePosition;
import io.github.corebanking.ledger.spi.ValueDatedEntry;
import io.github.corebanking.ledger.spi.ValueDatedSlice;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger: validates requests, turns them into {@link StorePosting}s and keeps the cache and
 * listeners informed after commit. Built by {@link Ledger#builder()}.
 */
final class DefaultLedger implements Ledger {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultLedger.class);

  private final LedgerStore store;
  private final Clock clock;
  private final ZoneId zone;
  private final IdGenerator ids;
  private final BalanceCache cache;
  private final List<PostingRule> rules;
  private final List<LedgerListener> listeners;
  private final boolean closeStore;
  private final @Nullable Period backdating;
  private final @Nullable Period futureDating;
  /** The caller's transaction this ledger posts in, or null for the ledger's own commits. */
  private final @Nullable CallerTransaction joined;
  /** The ledger whose cache and listeners learn of a joined posting after the caller's commit. */
  private final @Nullable DefaultLedger main;
  /** The day of the latest booking instant {@link #today} computed, or null. */
  private volatile @Nullable Day day;

  /**
   * Creates the ledger; use {@link Ledger#builder()}.
   *
   * @param store      the store
   * @param clock      the booking clock
   * @param zone       the zone of default value dates
   * @param ids        the id generator
   * @param cache      the balance cache
   * @param rules      user posting rules
   * @param listeners  after-commit listeners
   * @param closeStore whether {@link #close()} closes the store and cache
   * @param backdating   how far before today a posting may be dated, or null for no bound
   * @param futureDating how far after today a posting may be dated, or null for no bound
   */
  DefaultLedger(LedgerStore store, Clock clock, ZoneId zone, IdGenerator ids, BalanceCache cache,
      List<PostingRule> rules, List<LedgerListener> listeners, boolean closeStore, @Nullable Period backdating,
      @Nullable Period futureDating) {
    this(store, clock, zone, ids, cache, rules, listeners, closeStore, backdating, futureDating, null, null);
  }

  private DefaultLedger(LedgerStore store, Clock clock, ZoneId zone, IdGenerator ids, BalanceCache cache,
      List<PostingRule> rules, List<LedgerListener> listeners, boolean closeStore, @Nullable Period backdating,
      @Nullable Period futureDating, @Nullable CallerTransaction joined, @Nullable DefaultLedger main) {
    this.joined = joined;
    this.main = main;
    this.backdating = backdating;
    this.futureDating = futureDating;
    this.store = store;
    this.clock = clock;
    this.zone = zone;
    this.ids = ids;
    this.cache = cache;
    this.rules = List.copyOf(rules);
    this.listeners = List.copyOf(listeners);
    this.closeStore = closeStore;
  }

  // ---- accounts ----

  @Override
  public Account openAccount(NewAccount request) {
    return guarded("openAccount", () -> {
      Checks.notNull(request, "account");
      AccountId id = request.id() != null ? request.id() : new AccountId(ids.nextId());
      Account account = new Account(id, request.code(), request.name(), request.type(), request.currency(),
          AccountStatus.OPEN, request.debitsMustNotExceedCredits(), request.creditsMustNotExceedDebits(),
          request.metadata(), clock.instant());
      store.createAccount(account);
      notifyAccount(account);
      return account;
    });
  }

  @Override
  public Account freezeAccount(AccountId id) {
    return changeStatus(id, AccountStatus.FROZEN, "freezeAccount");
  }

  @Override
  public Account unfreezeAccount(AccountId id) {
    return changeStatus(id, AccountStatus.OPEN, "unfreezeAccount");
  }

  @Override
  public Account closeAccount(AccountId id) {
    return changeStatus(id, AccountStatus.CLOSED, "closeAccount");
  }

  private Account changeStatus(AccountId id, AccountStatus status, String operation) {
    return guarded(operation, () -> {
      Checks.notNull(id, "accountId");
      Account account = store.changeAccountStatus(id, status);
      notifyAccount(account);
      return account;
    });
  }

  @Override
  public Account account(AccountId id) {
    Checks.notNull(id, "accountId");
    return store.findAccount(id).orElseThrow(() -> new AccountNotFoundException("accountId", id, "does not exist"));
  }

  @Override
  public Optional<Account> accountByCode(String code) {
    Checks.code(code, "code");
    return store.findAccountByCode(code);
  }

  @Override
  public List<Account> accounts() {
    return store.listAccounts();
  }

  // ---- posting ----

  @Override
  public Transaction post(PostingRequest request) {
    return guarded("post", () -> {
      Checks.notNull(request, "request");
      checkRules(request, "");
      AppliedPosting applied = store.apply(toPosting(request, "", true));
      afterCommit(applied);
      return applied.transaction();
    });
  }

  @Override
  public List<Transaction> postAll(List<PostingRequest> requests) {
    return guarded("postAll", () -> {
      checkBatch(requests, "requests", "request");
      Set<String> keys = new HashSet<>();
      List<StorePosting> postings = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        PostingRequest r = Checks.notNull(requests.get(i), "requests[" + i + "]");
        if (!keys.add(r.idempotencyKey())) {
          throw new InvalidRequestException("requests[" + i + "].idempotencyKey", r.idempotencyKey(),
              "appears twice in the batch");
        }
        String prefix = "requests[" + i + "].";
        checkRules(r, prefix);
        postings.add(toPosting(r, prefix, true));
      }
      return committed(store.applyAll(postings));
    });
  }

  /** Checks a batch's list: present, not empty, within {@link Limits#MAX_BATCH}. */
  private static void checkBatch(@Nullable List<?> items, String field, String noun) {
    Checks.notNull(items, field);
    if (items.isEmpty()) {
      throw new InvalidRequestException(field, "[]", "must hold at least one " + noun);
    }
    if (items.size() > Limits.MAX_BATCH) {
      throw new InvalidRequestException(field, items.size() + " " + noun + "s",
          "exceeds the batch limit of " + Limits.MAX_BATCH);
    }
  }

  /** Runs {@link #afterCommit} for each result of a batch and returns its transactions. */
  private List<Transaction> committed(List<AppliedPosting> applied) {
    List<Transaction> result = new ArrayList<>(applied.size());
    for (AppliedPosting a : applied) {
      afterCommit(a);
      result.add(a.transaction());
    }
    return result;
  }

  @Override
  public List<Transaction> importHistory(List<ImportedPosting> postings) {
    return guarded("importHistory", () -> {
      checkBatch(postings, "postings", "posting");
      Instant now = clock.instant();
      Set<String> keys = new HashSet<>();
      List<StorePosting.NewTransaction> batch = new ArrayList<>(postings.size());
      for (int i = 0; i < postings.size(); i++) {
        ImportedPosting p = Checks.notNull(postings.get(i), "postings[" + i + "]");
        PostingRequest r = p.request();
        String prefix = "postings[" + i + "].request.";
        if (!keys.add(r.idempotencyKey())) {
          throw new InvalidRequestException(prefix + "idempotencyKey", r.idempotencyKey(), "appears twice in the import");
        }
        if (p.bookedAt().isAfter(now)) {
          throw new InvalidRequestException("postings[" + i + "].bookedAt", p.bookedAt(),
              "is after the ledger clock's current instant " + now + ": only history is imported");
        }
        checkRules(r, prefix);
        LocalDate date = r.effectiveDate() != null ? r.effectiveDate() : LocalDate.ofInstant(p.bookedAt(), zone);
        batch.add(new StorePosting.NewTransaction(new TransactionId(ids.nextId()), r.idempotencyKey(),
            RequestHash.ofImport(r, p.bookedAt()), r.description(), date, p.bookedAt(), r.pending(), r.expiresAt(),
            r.metadata(),
            r.entries(), ids, prefix));
      }
      return committed(store.importHistory(batch));
    });
  }

  @Override
  public Transaction commit(TransactionId pendingId) {
    return guarded("commit", () -> settle(pendingId, null, true));
  }

  @Override
  public Transaction commit(TransactionId pendingId, Money amount) {
    return guarded("commit", () -> {
      Checks.notNull(amount, "amount");
      return settle(pendingId, amount, true);
    });
  }

  @Override
  public Transaction voidPending(TransactionId pendingId) {
    return guarded("voidPending", () -> settle(pendingId, null, false));
  }

  private Transaction settle(TransactionId pendingId, @Nullable Money amount, boolean commit) {
    Checks.notNull(pendingId, "transactionId");
    StorePosting posting = commit ? new StorePosting.CommitHold(pendingId, amount, clock.instant(), ids)
        : new StorePosting.VoidHold(pendingId, clock.instant());
    AppliedPosting applied = store.apply(posting);
    afterCommit(applied);
    return applied.transaction();
  }

  @Override
  public Transaction reverse(TransactionId id) {
    Checks.notNull(id, "transactionId");
    return reverse(id, "reversal:" + id, "Reversal of " + id);
  }

  @Override
  public Transaction reverse(TransactionId id, String idempotencyKey, String description) {
    return guarded("reverse", () -> {
      Checks.notNull(id, "transactionId");
      Checks.key(idempotencyKey, "idempotencyKey");
      Checks.freeText(description, "description", Checks.MAX_TEXT);
      Instant now = clock.instant();
      StorePosting posting = new StorePosting.Reversal(new TransactionId(ids.nextId()), id, idempotencyKey,
          RequestHash.ofReversal(id, idempotencyKey, description), description, LocalDate.ofInstant(now, zone), now,
          Map.of("reverses", id.toString()), ids);
      AppliedPosting applied = store.apply(posting);
      afterCommit(applied);
      return applied.transaction();
    });
  }

  // ---- the caller's transaction ----

  @Override
  public JoinedLedger joining(CallerTransaction transaction) {
    Checks.notNull(transaction, "transaction");
    LedgerStore joinedStore = Checks.notNull(transaction.store(), "transaction.store()");
    DefaultLedger view = new DefaultLedger(joinedStore, clock, zone, ids, BalanceCache.none(), rules, listeners,
        false, backdating, futureDating, transaction, this);
    return new Joined(view);
  }

  /** The posting operations of a ledger bound to the caller's transaction. */
  private static final class Joined implements JoinedLedger {
    private final DefaultLedger view;

    Joined(DefaultLedger view) {
      this.view = view;
    }

    @Override
    public Transaction post(PostingRequest request) {
      return view.post(request);
    }

    @Override
    public List<Transaction> postAll(List<PostingRequest> requests) {
      return view.postAll(requests);
    }

    @Override
    public Transaction commit(TransactionId pendingId) {
      return view.commit(pendingId);
    }

    @Override
    public Transaction commit(TransactionId pendingId, Money amount) {
      return view.commit(pendingId, amount);
    }

    @Override
    public Transaction voidPending(TransactionId pendingId) {
      return view.voidPending(pendingId);
    }

    @Override
    public Transaction reverse(TransactionId id) {
      return view.reverse(id);
    }

    @Override
    public Transaction reverse(TransactionId id, String idempotencyKey, String description) {
      return view.reverse(id, idempotencyKey, description);
    }

    @Override
    public Balance balance(AccountId id) {
      return view.balance(id);
    }

    @Override
    public Optional<Transaction> transaction(TransactionId id) {
      return view.transaction(id);
    }

    @Override
    public String toString() {
      return "JoinedLedger[" + view.joined + "]";
    }
  }

  // ---- periods ----

  @Override
  public PeriodClosure closePeriod(LocalDate through, Map<String, String> metadata) {
    return guarded("closePeriod", () -> {
      Checks.date(through, "through");
      Map<String, String> checked = Checks.metadata(metadata, "metadata");
      Instant now = clock.instant();
      LocalDate today = LocalDate.ofInstant(now, zone);
      if (through.isAfter(today)) {
        throw new InvalidRequestException("through", through,
            "is after today (" + today + "): a period is closed once it has begun, never ahead of it");
      }
      return store.closePeriod(through, now, checked);
    });
  }

  @Override
  public PeriodClosure reopenPeriod(LocalDate through, Map<String, String> metadata) {
    return guarded("reopenPeriod", () -> {
      Checks.date(through, "through");
      Map<String, String> checked = Checks.metadata(metadata, "metadata");
      if (checked.isEmpty()) {
        throw new InvalidRequestException("metadata", "{}", "must say who reopens the period and why");
      }
      return store.reopenPeriod(through, clock.instant(), checked);
    });
  }

  @Override
  public Optional<LocalDate> closedThrough() {
    return PeriodRules.closedThrough(store.periodClosures());
  }

  @Override
  public List<PeriodClosure> periodClosures() {
    return store.periodClosures();
  }

  /** @param fieldPrefix how the store's rejections name the request: empty alone, {@code requests[i].} in a batch */
  private StorePosting toPosting(PostingRequest r, String fieldPrefix, boolean windowed) {
    Instant now = clock.instant();
    LocalDate today = today(now);
    LocalDate date = r.effectiveDate() != null ? r.effectiveDate() : today;
    if (windowed) {
      checkWindow(date, today, fieldPrefix + "effectiveDate");
    }
    return new StorePosting.NewTransaction(new TransactionId(ids.nextId()), r.idempotencyKey(), RequestHash.of(r),
        r.description(), date, now, r.pending(), r.expiresAt(), r.metadata(), r.entries(), ids, fieldPrefix);
  }

  /**
   * The date in the ledger's zone of a booking instant: {@code LocalDate.ofInstant(now, zone)},
   * answered from the day last computed while the instant falls in it, so that a posting pays no
   * time-zone arithmetic (nor the rules a fixed offset builds on each call).
   */
  private LocalDate today(Instant now) {
    Day day = this.day;
    if (day != null && !now.isBefore(day.from()) && now.isBefore(day.until())) {
      return day.date();
    }
    LocalDate date = LocalDate.ofInstant(now, zone);
    Instant from = date.atStartOfDay(zone).toInstant();
    Instant until = date.plusDays(1).atStartOfDay(zone).toInstant();
    ZoneOffsetTransition next = zone.getRules().nextTransition(from);
    // Kept only for a day without an offset change, in which the date follows the instant plainly.
    if (next == null || !next.getInstant().isBefore(until)) {
      this.day = new Day(from, until, date);
    }
    return date;
  }

  /** The booking instants {@code [from, until)} whose date in the ledger's zone is {@code date}. */
  private record Day(Instant from, Instant until, LocalDate date) {}

  /** Refuses a value date outside the backdating and future-dating windows around today. */
  private void checkWindow(LocalDate date, LocalDate today, String field) {
    if (backdating != null && date.isBefore(today.minus(backdating))) {
      throw new InvalidRequestException(field, date, "is more than " + backdating + " before today (" + today
          + "), outside the ledger's backdating window");
    }
    if (futureDating != null && date.isAfter(today.plus(futureDating))) {
      throw new InvalidRequestException(field, date, "is more than " + futureDating + " after today (" + today
          + "), outside the ledger's future-dating window");
    }
  }

  private void checkRules(PostingRequest request, String prefix) {
    if (rules.isEmpty()) {
      return;
    }
    Set<AccountId> touched = new LinkedHashSet<>();
    for (EntryRequest e : request.entries()) {
      touched.add(e.accountId());
    }
    Map<AccountId, Account> accounts = new HashMap<>();
    for (Account a : store.findAccounts(touched)) {
      accounts.put(a.id(), a);
    }
    Map<AccountId, Account> view = java.util.Collections.unmodifiableMap(accounts);
    for (PostingRule rule : rules) {
      RuleDecision decision = rule.evaluate(request, view);
      if (decision == null || !decision.accepted()) {
        String field = decision == null || decision.field() == null ? "request" : decision.field();
        String reason = decision == null || decision.reason() == null ? "was rejected" : decision.reason();
        throw new PostingRuleException(prefix + field, decision == null ? null : decision.value(),
            reason + " (rule " + rule.name() + ")");
      }
    }
  }

  private void afterCommit(AppliedPosting applied) {
    if (applied.transaction().replayed()) {
      return;
    }
    if (joined != null) {
      DefaultLedger ledger = java.util.Objects.requireNonNull(main);
      joined.afterCommit(() -> ledger.afterCommit(applied));
      return;
    }
    for (Balance b : applied.balances()) {
      try {
        cache.put(b);
      } catch (RuntimeException e) {
        LOG.debug("balance cache update failed for {}; it will reload from the store", b.accountId(), e);
        safeInvalidate(b.accountId());
      }
    }
    for (LedgerListener l : listeners) {
      try {
        l.onTransaction(applied.transaction(), applied.balances());
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on transaction {}", l.getClass().getName(), applied.transaction().id(), e);
      }
    }
  }

  private void safeInvalidate(AccountId id) {
    try {
      cache.invalidate(id);
    } catch (RuntimeException e) {
      LOG.debug("balance cache invalidation failed for {}", id, e);
    }
  }

  private void notifyAccount(Account account) {
    for (LedgerListener l : listeners) {
      try {
        l.onAccount(account);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on account {}", l.getClass().getName(), account.id(), e);
      }
    }
  }

  private <T> T guarded(String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (LedgerException e) {
      if (!listeners.isEmpty()) {
        for (LedgerListener l : listeners) {
          try {
            l.onRejected(operation, e);
          } catch (RuntimeException ignored) {
            LOG.warn("listener {} failed on a rejection", l.getClass().getName(), ignored);
          }
        }
      }
      throw e;
    }
  }

  // ---- reading ----

  @Override
  public Balance balance(AccountId id) {
    Checks.notNull(id, "accountId");
    return cache.get(id, this::loadBalance);
  }

  private Balance loadBalance(AccountId id) {
    return store.findBalance(id).orElseThrow(() -> new AccountNotFoundException("accountId", id, "does not exist"));
  }

  @Override
  public Map<AccountId, Balance> balances(Collection<AccountId> accountIds) {
    Checks.notNull(accountIds, "accountIds");
    List<AccountId> list = new ArrayList<>(accountIds.size());
    int i = 0;
    for (AccountId id : accountIds) {
      list.add(Checks.notNull(id, "accountIds[" + i++ + "]"));
    }
    Map<AccountId, Balance> result = cache.getAll(list, missing -> {
      Map<AccountId, Balance> loaded = new HashMap<>();
      for (Balance b : store.findBalances(missing)) {
        loaded.put(b.accountId(), b);
      }
      return loaded;
    });
    for (AccountId id : list) {
      if (!result.containsKey(id)) {
        throw new AccountNotFoundException("accountIds", id, "does not exist");
      }
    }
    return result;
  }

  @Override
  public Balance balanceAsOf(AccountId id, Instant asOf) {
    Checks.notNull(id, "accountId");
    return store.balanceAsOf(id, Checks.bound(asOf, "asOf"));
  }

  @Override
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    Checks.notNull(id, "accountId");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.notNull(page, "page");
    if (!to.isAfter(from)) {
      throw new InvalidRequestException("to", to, "must be after from (" + from + ")");
    }
    Instant start = Checks.bound(from, "from");
    Instant end = Checks.bound(to, "to");
    if (!end.isAfter(start)) {
      // The whole window lies beyond the supported range, where nothing is ever booked.
      account(id);
      if (page.cursor() != null) {
        throw new InvalidRequestException("page.cursor", Checks.shown(page.cursor()),
            "was issued for another statement (account or range differs)");
      }
      return new StatementPage(id, List.of(), null);
    }
    return store.statement(id, start, end, page);
  }

  @Override
  public TrialBalance trialBalance() {
    return trialBalance(clock.instant());
  }

  @Override
  public TrialBalance trialBalance(Instant asOf) {
    Instant bound = Checks.bound(asOf, "asOf");
    return TrialBalances.build(bound, store.listAccounts(), store.balancesAsOf(bound));
  }

  @Override
  public Balance balanceOn(AccountId id, LocalDate valueDate) {
    Checks.notNull(id, "accountId");
    return store.balanceOn(id, Checks.dateBound(valueDate, "valueDate"));
  }

  @Override
  public ValueDatedStatementPage valueDatedStatement(AccountId id, LocalDate from, LocalDate to, PageRequest page) {
    Checks.notNull(id, "accountId");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.notNull(page, "page");
    if (to.isBefore(from)) {
      throw new InvalidRequestException("to", to, "must not be before from (" + from + ")");
    }
    LocalDate start = Checks.dateBound(from, "from");
    LocalDate end = Checks.dateBound(to, "to");
    ValueDatePosition after = ValueDatedCursor.decode(page.cursor(), id, start, end);
    Account account = account(id);
    ValueDatedSlice slice = store.valueDatedEntries(id, start, end, after, page.size() + 1);
    long running = slice.before().minorUnits();
    List<ValueDatedLine> lines = new ArrayList<>(Math.min(page.size(), slice.entries().size()));
    String next = null;
    ValueDatedEntry last = null;
    for (ValueDatedEntry e : slice.entries()) {
      if (lines.size() == page.size()) {
        next = ValueDatedCursor.encode(id, start, end, java.util.Objects.requireNonNull(last).position());
        break;
      }
      last = e;
      Entry entry = e.entry();
      long signed = entry.side() == account.normalSide() ? entry.amount().minorUnits() : -entry.amount().minorUnits();
      running = Math.addExact(running, signed);
      lines.add(new ValueDatedLine(e.valueDate(), entry, Money.ofMinor(running, account.currency())));
    }
    return new ValueDatedStatementPage(id, start, end, slice.before(), lines, next);
  }

  @Override
  public ValueDatedTrialBalance trialBalanceOn(LocalDate valueDate) {
    LocalDate bound = Checks.dateBound(valueDate, "valueDate");
    return TrialBalances.buildOn(bound, store.listAccounts(), store.balancesOn(bound));
  }

  // ---- categories ----

  @Override
  public Category createCategory(NewCategory request) {
    return guarded("createCategory", () -> {
      Checks.notNull(request, "category");
      CategoryId id = request.id() != null ? request.id() : new CategoryId(ids.nextId());
      Category category = new Category(id, request.code(), request.name(), request.normalSide(), request.parentId(),
          clock.instant());
      store.createCategory(category);
      return category;
    });
  }

  @Override
  public Category moveCategory(CategoryId id, @Nullable CategoryId parentId) {
    return guarded("moveCategory", () -> store.moveCategory(Checks.notNull(id, "categoryId"), parentId));
  }

  @Override
  public void deleteCategory(CategoryId id) {
    guarded("deleteCategory", () -> {
      store.deleteCategory(Checks.notNull(id, "categoryId"));
      return null;
    });
  }

  @Override
  public Category category(CategoryId id) {
    Checks.notNull(id, "categoryId");
    return store.findCategory(id).orElseThrow(() -> new CategoryNotFoundException("categoryId", id, "does not exist"));
  }

  @Override
  public Optional<Category> categoryByCode(String code) {
    Checks.code(code, "code");
    return store.listCategories().stream().filter(c -> c.code().equals(code)).findFirst();
  }

  @Override
  public List<Category> categories() {
    return store.listCategories();
  }

  @Override
  public boolean addToCategory(CategoryId categoryId, AccountId accountId) {
    return guarded("addToCategory", () -> store.addToCategory(Checks.notNull(categoryId, "categoryId"),
        Checks.notNull(accountId, "accountId")));
  }

  @Override
  public boolean removeFromCategory(CategoryId categoryId, AccountId accountId) {
    return guarded("removeFromCategory", () -> store.removeFromCategory(Checks.notNull(categoryId, "categoryId"),
        Checks.notNull(accountId, "accountId")));
  }

  @Override
  public List<Account> categoryAccounts(CategoryId id) {
    return store.categoryAccounts(Checks.notNull(id, "categoryId"));
  }

  @Override
  public CategoryBalance categoryBalance(CategoryId id) {
    return store.categoryBalance(Checks.notNull(id, "categoryId"));
  }

  @Override
  public CategoryBalance categoryBalanceAsOf(CategoryId id, Instant asOf) {
    Checks.notNull(id, "categoryId");
    return store.categoryBalanceAsOf(id, Checks.bound(asOf, "asOf"));
  }

  @Override
  public CategoryTrialBalance trialBalanceByCategory() {
    return trialBalanceByCategory(clock.instant());
  }

  @Override
  public CategoryTrialBalance trialBalanceByCategory(Instant asOf) {
    Instant bound = Checks.bound(asOf, "asOf");
    List<Category> categories = store.listCategories();
    List<CategoryMembership> memberships = store.categoryMemberships();
    TrialBalance trial = TrialBalances.build(bound, store.listAccounts(), store.balancesAsOf(bound));
    return CategoryTrialBalances.group(trial, categories, memberships);
  }

  // ---- year-end ----

  /** How many times a year-end close looks again when other postings move the year while it books. */
  private static final int YEAR_END_ATTEMPTS = 5;

  @Override
  public YearEndClose closeYear(LocalDate yearEnd, AccountId retainedEarnings) {
    return guarded("closeYear", () -> {
      Checks.date(yearEnd, "yearEnd");
      Checks.notNull(retainedEarnings, "retainedEarnings");
      LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
      if (yearEnd.isAfter(today)) {
        throw new InvalidRequestException("yearEnd", yearEnd,
            "is after today (" + today + "): a year is closed once it has ended");
      }
      Account equity = store.findAccount(retainedEarnings)
          .orElseThrow(() -> new AccountNotFoundException("retainedEarnings", retainedEarnings, "does not exist"));
      if (equity.type() != AccountType.EQUITY) {
        throw new InvalidRequestException("retainedEarnings", retainedEarnings, "is account " + equity.code()
            + " of type " + equity.type() + "; a year's result is closed into an EQUITY account");
      }
      Optional<LocalDate> closedThrough = closedThrough();
      if (closedThrough.isPresent() && !yearEnd.isAfter(closedThrough.get())) {
        throw new PeriodClosedException("yearEnd", yearEnd, closedThrough.get());
      }
      List<Transaction> booked = new ArrayList<>();
      for (int attempt = 0; attempt < YEAR_END_ATTEMPTS; attempt++) {
        PostingRequest closing = closingRequest(yearEnd, equity);
        if (closing == null) {
          return new YearEndClose(yearEnd, retainedEarnings, booked, trialBalanceOn(yearEnd));
        }
        try {
          checkRules(closing, "");
          AppliedPosting applied = store.apply(toPosting(closing, "", false));
          afterCommit(applied);
          if (!applied.transaction().replayed()) {
            booked.add(applied.transaction());
          }
        } catch (IdempotencyConflictException e) {
          // Another close booked that key with other amounts meanwhile: look again.
          LOG.debug("year-end close of {} met a concurrent close; looking again", yearEnd);
        }
      }
      throw new ConcurrencyException("yearEnd", yearEnd, "kept moving while it was being closed (postings backdated "
          + "into the year); retry");
    });
  }

  /**
   * The transaction that brings the year's revenue and expense accounts in the equity account's
   * currency to zero on {@code yearEnd}, under the next free closing key; null when they are zero.
   */
  private @Nullable PostingRequest closingRequest(LocalDate yearEnd, Account equity) {
    List<Account> closed = new ArrayList<>();
    for (Account a : store.listAccounts()) {
      if ((a.type() == AccountType.REVENUE || a.type() == AccountType.EXPENSE) && a.currency().equals(equity.currency())) {
        closed.add(a);
      }
    }
    PostingRequest.Builder request = PostingRequest.builder();
    long result = 0;
    int lines = 0;
    for (Account a : closed) {
      Balance on = store.balanceOn(a.id(), yearEnd);
      long net = Math.subtractExact(on.postedDebits(), on.postedCredits());
      if (net > 0) {
        request.credit(a.id(), Money.ofMinor(net, a.currency()));
      } else if (net < 0) {
        request.debit(a.id(), Money.ofMinor(Math.negateExact(net), a.currency()));
      } else {
        continue;
      }
      lines++;
      result = Math.addExact(result, net);
    }
    if (lines == 0) {
      return null;
    }
    if (result > 0) {
      request.debit(equity.id(), Money.ofMinor(result, equity.currency()));
    } else if (result < 0) {
      request.credit(equity.id(), Money.ofMinor(Math.negateExact(result), equity.currency()));
    }
    int n = 1;
    while (store.findTransactionByKey(yearEndKey(yearEnd, equity, n)).isPresent()) {
      n++;
    }
    return request.idempotencyKey(yearEndKey(yearEnd, equity, n))
        .description("Year-end close " + yearEnd + " into " + equity.code()).effectiveDate(yearEnd)
        .metadata(Map.of("yearEnd", yearEnd.toString(), "retainedEarnings", equity.code())).build();
  }

  private static String yearEndKey(LocalDate yearEnd, Account equity, int n) {
    return "year-end:" + yearEnd + ":" + equity.id() + ":" + n;
  }

  @Override
  public Optional<Transaction> transaction(TransactionId id) {
    Checks.notNull(id, "transactionId");
    return store.findTransaction(id);
  }

  @Override
  public Optional<Transaction> transactionByKey(String idempotencyKey) {
    Checks.key(idempotencyKey, "idempotencyKey");
    return store.findTransactionByKey(idempotencyKey);
  }

  @Override
  public ChangePage changes(long after, int limit) {
    FeedRules.checkRead(after, limit);
    return store.changes(after, limit);
  }

  // ---- balance monitors ----

  @Override
  public BalanceMonitor defineMonitor(NewMonitor request) {
    return guarded("defineMonitor", () -> {
      Checks.notNull(request, "monitor");
      if (request.target() instanceof MonitorTarget.OfAccount target) {
        AccountId accountId = target.accountId();
        Account account = store.findAccount(accountId)
            .orElseThrow(() -> new AccountNotFoundException("monitor.accountId", accountId, "does not exist"));
        if (account.status() == AccountStatus.CLOSED) {
          throw new AccountStateException("monitor.accountId", accountId, "is closed");
        }
        if (!request.threshold().currency().equals(account.currency())) {
          throw new CurrencyMismatchException("monitor.threshold", request.threshold(),
              "is not in the currency of account " + account.code() + " (" + account.currency().code() + ")");
        }
      }
      // A category target is checked by the store, under the lock its deletion takes.
      MonitorId id = request.id() != null ? request.id() : new MonitorId(ids.nextId());
      BalanceMonitor monitor = new BalanceMonitor(id, request.name(), request.target(), request.measure(),
          request.comparison(), request.threshold(), request.metadata(), clock.instant());
      store.createMonitor(monitor);
      return monitor;
    });
  }

  @Override
  public List<BalanceMonitor> monitors() {
    return store.listMonitors();
  }

  @Override
  public BalanceMonitor removeMonitor(MonitorId id) {
    return guarded("removeMonitor", () -> {
      Checks.notNull(id, "monitorId");
      return store.removeMonitor(id, clock.instant())
          .orElseThrow(() -> new MonitorNotFoundException("monitorId", id, "is not a defined monitor"));
    });
  }

  @Override
  public MonitorAlertPage monitorAlerts(long after, int limit) {
    FeedRules.checkRead(after, limit);
    return store.monitorAlerts(after, limit);
  }

  @Override
  public IntegrityReport checkIntegrity() {
    return store.checkIntegrity(clock.instant());
  }

  @Override
  public HashChainReport verifyHashChains(boolean full) {
    return new io.github.corebanking.ledger.internal.HashChainVerifier(store,
        io.github.corebanking.ledger.internal.HashChainVerifier.PAGE).verify(full);
  }

  @Override
  public void close() {
    if (closeStore) {
      cache.close();
      store.close();
    }
  }
}
