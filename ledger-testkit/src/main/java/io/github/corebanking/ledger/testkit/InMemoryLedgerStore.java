package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.InMemoryJobRuns;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.EntryDraft;
import io.github.corebanking.ledger.spi.AccountDelta;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.PostingPlanner;
import io.github.corebanking.ledger.spi.StorePosting;
import java.security.SecureRandom;
import java.time.Instant;
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
 * {@link #balanceAsOf} is a binary search and a statement page starts with one.
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
  private final ConcurrentHashMap<TransactionId, TxState> transactions = new ConcurrentHashMap<>();
  /** Idempotency key to its {@link TxState} once booked, or to the {@link Claim} of the request booking it. */
  private final ConcurrentHashMap<String, Object> keys = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<Hold> expiringHolds = new ConcurrentSkipListSet<>();
  private final InMemoryJobRuns jobRuns = new InMemoryJobRuns();
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
   * Claims the batch's keys, locks every touched account, plans every posting against the state
   * left by the ones before it, and only then writes. Any rejection leaves the store untouched.
   */
  private List<AppliedPosting> applyBatch(List<StorePosting> postings) {
    int n = postings.size();
    AppliedPosting[] results = new AppliedPosting[n];
    Map<String, Claim> claims = claimKeys(postings, results);
    boolean written = false;
    try {
      AccountState[] locked = lockOrder(postings, results);
      lockAll(locked);
      try {
        List<Planned> planned = plan(postings, results, locked);
        write(planned, results, locked);
        written = true;
      } finally {
        unlockAll(locked);
      }
    } finally {
      releaseClaims(claims, written);
    }
    return Arrays.asList(results);
  }

  /**
   * Claims the keys of the postings that create transactions, in key order so that two batches
   * never wait on each other's claims. A key already booked makes its posting a replay (or a
   * conflict); a key being booked by another request is waited for.
   */
  private Map<String, Claim> claimKeys(List<StorePosting> postings, AppliedPosting[] results) {
    if (postings.size() == 1) {
      StorePosting p = postings.get(0);
      if (!p.createsTransaction()) {
        return Map.of();
      }
      Claim claim = claim(p, 0, results);
      return claim == null ? Map.of() : Map.of(p.idempotencyKey(), claim);
    }
    TreeMap<String, Integer> byKey = new TreeMap<>();
    for (int i = 0; i < postings.size(); i++) {
      StorePosting p = postings.get(i);
      if (p.createsTransaction()) {
        Integer previous = byKey.put(p.idempotencyKey(), i);
        if (previous != null) {
          throw new InvalidRequestException("requests[" + i + "].idempotencyKey", p.idempotencyKey(),
              "appears twice in the batch");
        }
      }
    }
    Map<String, Claim> claims = new HashMap<>();
    try {
      for (Map.Entry<String, Integer> e : byKey.entrySet()) {
        Claim claim = claim(postings.get(e.getValue()), e.getValue(), results);
        if (claim != null) {
          claims.put(e.getKey(), claim);
        }
      }
    } catch (RuntimeException e) {
      releaseClaims(claims, false);
      throw e;
    }
    return claims;
  }

  /** @return the claim now held, or null when the key was already booked (the result is then set) */
  private @Nullable Claim claim(StorePosting p, int index, AppliedPosting[] results) {
    String key = Objects.requireNonNull(p.idempotencyKey());
    Claim mine = new Claim();
    while (true) {
      Object current = keys.putIfAbsent(key, mine);
      if (current == null) {
        return mine;
      }
      if (current instanceof TxState stored) {
        results[index] = PostingPlanner.resolveDuplicateKey(p, stored.view(), stored.requestHash);
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

  /**
   * The existing accounts the postings touch (their entries, their deltas, and the accounts of a
   * targeted transaction), sorted by id: the one lock order of this store.
   */
  private AccountState[] lockOrder(List<StorePosting> postings, AppliedPosting[] results) {
    AccountId[] ids = new AccountId[8];
    int count = 0;
    for (int i = 0; i < postings.size(); i++) {
      if (results[i] != null) {
        continue;
      }
      StorePosting p = postings.get(i);
      for (AccountDelta d : p.deltas()) {
        ids = add(ids, count++, d.accountId());
      }
      for (EntryDraft e : p.entries()) {
        ids = add(ids, count++, e.accountId());
      }
      TransactionId target = targetOf(p);
      if (target != null) {
        TxState state = transactions.get(target);
        if (state != null) {
          for (Entry e : state.transaction.entries()) {
            ids = add(ids, count++, e.accountId());
          }
        }
      }
    }
    Arrays.sort(ids, 0, count);
    AccountState[] states = new AccountState[count];
    int distinct = 0;
    AccountId previous = null;
    for (int i = 0; i < count; i++) {
      AccountId id = ids[i];
      if (id.equals(previous)) {
        continue;
      }
      previous = id;
      AccountState state = accounts.get(id);
      if (state != null) {
        states[distinct++] = state;
      }
    }
    return distinct == count ? states : Arrays.copyOf(states, distinct);
  }

  private static AccountId[] add(AccountId[] ids, int at, AccountId id) {
    AccountId[] target = at == ids.length ? Arrays.copyOf(ids, ids.length * 2) : ids;
    target[at] = id;
    return target;
  }

  private static @Nullable TransactionId targetOf(StorePosting p) {
    return switch (p.kind()) {
      case COMMIT, VOID -> p.transactionId();
      case REVERSE -> p.reverses();
      case CREATE -> null;
    };
  }

  /** What one posting will write, decided under the locks. */
  private record Planned(StorePosting posting, PostingPlanner.Plan plan, Transaction transaction,
      @Nullable TxState target, int index) {}

  private List<Planned> plan(List<StorePosting> postings, AppliedPosting[] results, AccountState[] locked) {
    Map<AccountId, Account> definitions = new HashMap<>(locked.length * 2);
    Map<AccountId, Balance> balances = new HashMap<>(locked.length * 2);
    for (AccountState s : locked) {
      definitions.put(s.id, s.account);
      balances.put(s.id, s.balance);
    }
    // Transactions changed earlier in this batch, as they will be once written.
    Map<TransactionId, Transaction> changed = postings.size() == 1 ? Map.of() : new HashMap<>();
    Set<TransactionId> created = postings.size() == 1 ? Set.of() : new HashSet<>();
    List<Planned> planned = new ArrayList<>(postings.size());
    for (int i = 0; i < postings.size(); i++) {
      if (results[i] != null) {
        continue;
      }
      StorePosting p = postings.get(i);
      TxState target = null;
      Transaction targetNow = null;
      TransactionId targetId = targetOf(p);
      if (targetId != null) {
        target = transactions.get(targetId);
        if (target == null) {
          throw new TransactionNotFoundException("transactionId", targetId, "does not exist");
        }
        Transaction earlier = changed.get(targetId);
        targetNow = earlier != null ? earlier : target.view();
        PostingPlanner.checkTarget(p, targetNow);
      }
      if (p.createsTransaction() && (transactions.containsKey(p.transactionId())
          || (postings.size() > 1 && !created.add(p.transactionId())))) {
        throw new InvalidRequestException("transactionId", p.transactionId(), "is already used by another transaction");
      }
      PostingPlanner.Plan plan = PostingPlanner.plan(p, definitions, balances);
      for (Balance b : plan.balances()) {
        balances.put(b.accountId(), b);
      }
      Transaction result;
      if (p.kind() == StorePosting.Kind.COMMIT || p.kind() == StorePosting.Kind.VOID) {
        result = PostingPlanner.settled(Objects.requireNonNull(targetNow), p, plan.entries());
        if (postings.size() > 1) {
          changed.put(result.id(), result);
        }
      } else {
        result = PostingPlanner.newTransaction(p, plan.entries());
        if (targetNow != null && postings.size() > 1) {
          changed.put(targetNow.id(), withReversedBy(targetNow, result.id()));
        }
      }
      planned.add(new Planned(p, plan, result, target, i));
    }
    return planned;
  }

  /** Writes planned postings; cannot fail, so a batch is never half written. */
  private void write(List<Planned> planned, AppliedPosting[] results, AccountState[] locked) {
    for (Planned w : planned) {
      StorePosting p = w.posting();
      for (Entry e : w.plan().entries()) {
        lockedState(locked, e.accountId()).log.append(e);
      }
      for (Balance b : w.plan().balances()) {
        lockedState(locked, b.accountId()).balance = b;
      }
      Transaction tx = w.transaction();
      switch (p.kind()) {
        case CREATE, REVERSE -> {
          TxState state = new TxState(Objects.requireNonNull(p.requestHash()), tx);
          transactions.put(tx.id(), state);
          if (tx.status() == TransactionStatus.PENDING && tx.expiresAt() != null) {
            expiringHolds.add(new Hold(tx.expiresAt(), tx.id()));
          }
          if (w.target() != null) {
            w.target().reversedBy = tx.id();
          }
          keys.put(tx.idempotencyKey(), state);
        }
        case COMMIT, VOID -> {
          TxState state = Objects.requireNonNull(w.target());
          state.transaction = tx;
          if (tx.expiresAt() != null) {
            expiringHolds.remove(new Hold(tx.expiresAt(), tx.id()));
          }
        }
      }
      results[w.index()] = new AppliedPosting(tx, w.plan().balances());
    }
  }

  /** The state of a locked account: a binary search, since the array is in id order. */
  private static AccountState lockedState(AccountState[] locked, AccountId id) {
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
    throw new IllegalStateException("account " + id + " was written without being locked");
  }

  private static Transaction withReversedBy(Transaction t, TransactionId reversal) {
    return new Transaction(t.id(), t.idempotencyKey(), t.description(), t.effectiveDate(), t.postedAt(), t.status(),
        t.entries(), t.metadata(), t.expiresAt(), t.reverses(), reversal, t.replayed());
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
  public StatementPage statement(AccountId id, Instant from, Instant to, PageRequest page) {
    notNull(id, "accountId");
    notNull(from, "from");
    notNull(to, "to");
    notNull(page, "page");
    if (!to.isAfter(from)) {
      throw new InvalidRequestException("to", to, "must be after from (" + from + ")");
    }
    AccountState state = existing(id);
    long[] after = page.cursor() == null ? null : parseCursor(id, page.cursor());
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
      String next = more && last != null ? cursor(id, last.accountVersion(), last.ordinal()) : null;
      return new StatementPage(id, entries, next);
    } finally {
      state.lock.unlock();
    }
  }

  private String cursor(AccountId id, long version, int ordinal) {
    return CURSOR_PREFIX + Long.toString(version, 36) + "." + Integer.toString(ordinal, 36) + "."
        + Long.toString(signature(id, version, ordinal) >>> 1, 36);
  }

  /** @return {version, ordinal} of a cursor this store issued for this account */
  private long[] parseCursor(AccountId id, String cursor) {
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
      if (version < 0 || ordinal < 0 || signature != signature(id, version, ordinal) >>> 1) {
        throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED);
      }
      return new long[] {version, ordinal};
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("page.cursor", cursor, NOT_ISSUED, e);
    }
  }

  private long signature(AccountId id, long version, int ordinal) {
    long h = cursorSecret;
    h = mix(h ^ id.value().getMostSignificantBits());
    h = mix(h ^ id.value().getLeastSignificantBits());
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

  // ---- jobs ----

  @Override
  public List<TransactionId> findExpiredHolds(Instant now, int limit) {
    notNull(now, "now");
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    List<TransactionId> result = new ArrayList<>(Math.min(limit, 64));
    for (Hold hold : expiringHolds) {
      if (hold.expiresAt().isAfter(now) || result.size() == limit) {
        break;
      }
      TxState state = transactions.get(hold.id());
      if (state != null && state.transaction.status() == TransactionStatus.PENDING) {
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

  /** An account, its counters and its entries; the lock guards the log and every change. */
  private static final class AccountState {
    final AccountId id;
    final ReentrantLock lock = new ReentrantLock();
    final AccountLog log = new AccountLog();
    volatile Account account;
    volatile Balance balance;

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
      return reversal == null ? t : withReversedBy(t, reversal);
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

  /** A pending transaction with an expiry, ordered by expiry then id. */
  private record Hold(Instant expiresAt, TransactionId id) implements Comparable<Hold> {
    @Override
    public int compareTo(Hold other) {
      int c = expiresAt.compareTo(other.expiresAt);
      return c != 0 ? c : id.compareTo(other.id);
    }
  }
}
