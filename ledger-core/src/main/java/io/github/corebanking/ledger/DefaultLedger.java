package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.internal.RequestHash;
import io.github.corebanking.ledger.internal.TrialBalances;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.IdGenerator;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.PeriodRules;
import io.github.corebanking.ledger.spi.PostingRule;
import io.github.corebanking.ledger.spi.RuleDecision;
import io.github.corebanking.ledger.spi.StorePosting;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
   */
  DefaultLedger(LedgerStore store, Clock clock, ZoneId zone, IdGenerator ids, BalanceCache cache,
      List<PostingRule> rules, List<LedgerListener> listeners, boolean closeStore) {
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
      AppliedPosting applied = store.apply(toPosting(request, ""));
      afterCommit(applied);
      return applied.transaction();
    });
  }

  @Override
  public List<Transaction> postAll(List<PostingRequest> requests) {
    return guarded("postAll", () -> {
      Checks.notNull(requests, "requests");
      if (requests.isEmpty()) {
        throw new InvalidRequestException("requests", "[]", "must hold at least one request");
      }
      if (requests.size() > Limits.MAX_BATCH) {
        throw new InvalidRequestException("requests", requests.size() + " requests", "exceeds the batch limit of " + Limits.MAX_BATCH);
      }
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
        postings.add(toPosting(r, prefix));
      }
      List<AppliedPosting> applied = store.applyAll(postings);
      List<Transaction> result = new ArrayList<>(applied.size());
      for (AppliedPosting a : applied) {
        afterCommit(a);
        result.add(a.transaction());
      }
      return result;
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
  private StorePosting toPosting(PostingRequest r, String fieldPrefix) {
    Instant now = clock.instant();
    LocalDate date = r.effectiveDate() != null ? r.effectiveDate() : LocalDate.ofInstant(now, zone);
    return new StorePosting.NewTransaction(new TransactionId(ids.nextId()), r.idempotencyKey(), RequestHash.of(r),
        r.description(), date, now, r.pending(), r.expiresAt(), r.metadata(), r.entries(), ids, fieldPrefix);
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
  public IntegrityReport checkIntegrity() {
    return store.checkIntegrity(clock.instant());
  }

  @Override
  public void close() {
    if (closeStore) {
      cache.close();
      store.close();
    }
  }
}
