package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.ImportClosedException;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.internal.EntryHashes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The batch rules, written once for every store: what a batch of postings does to the state a
 * store has locked.
 *
 * <p>A store applies a batch in four steps, and only the first and last are its own:
 * <ol>
 *   <li>lock: read the postings' targets ({@link StorePosting#target()}) as they are, take the
 *       locks of {@link #accountsToLock} in ascending id order, make the batch's
 *       {@link #idempotencyKeys} stable (see {@link LockedState});</li>
 *   <li>read, under those locks, the accounts, balances, targets and stored keys, and offer them
 *       as a {@link LockedState};</li>
 *   <li>call {@link #plan}: every posting is checked against that state and what the postings
 *       before it in the batch did (a key used earlier in the batch is a replay of that posting,
 *       a hold settled earlier is no longer pending, balances move on from posting to posting);</li>
 *   <li>write the accepted postings' rows from the returned {@link BatchPlan}, or nothing when
 *       the batch must be all or nothing and {@link BatchPlan#firstRejection()} is present.</li>
 * </ol>
 *
 * <p>A rejected posting leaves no trace in the state later postings of the batch are planned on,
 * so a store that coalesces unrelated callers' postings into one database transaction writes the
 * accepted ones and answers each caller with its own outcome.
 *
 * <pre>{@code
 * SortedSet<AccountId> ids = PostingPlanner.accountsToLock(postings, id -> myStore.read(id));
 * lockInOrder(ids);
 * BatchPlan plan = PostingPlanner.plan(postings, myLockedState);
 * if (plan.firstRejection().isPresent()) { throw plan.firstRejection().get(); } // all or nothing
 * write(plan);
 * return plan.results();
 * }</pre>
 */
public final class PostingPlanner {

  private PostingPlanner() {}

  // ---- what to lock ----

  /**
   * The accounts a batch touches, in the one lock order (ascending id): the lines' accounts of new
   * transactions, and the accounts of every settled or reversed target.
   *
   * @param postings the batch
   * @param targets  reads a target as stored now (no lock needed: a transaction's accounts never change)
   * @return the accounts to lock, ascending
   */
  public static SortedSet<AccountId> accountsToLock(List<StorePosting> postings,
      Function<TransactionId, Optional<Transaction>> targets) {
    SortedSet<AccountId> ids = new TreeSet<>();
    for (StorePosting p : postings) {
      if (p instanceof StorePosting.NewTransaction n) {
        for (EntryRequest line : n.lines()) {
          ids.add(line.accountId());
        }
      } else {
        targets.apply(Objects.requireNonNull(p.target())).ifPresent(t -> {
          for (Entry e : t.entries()) {
            ids.add(e.accountId());
          }
        });
      }
    }
    return ids;
  }

  /**
   * @param postings the batch
   * @return the idempotency keys of the transactions it creates, ascending (the order to lock or
   *     claim them in)
   */
  public static SortedSet<String> idempotencyKeys(List<StorePosting> postings) {
    SortedSet<String> keys = new TreeSet<>();
    for (StorePosting p : postings) {
      if (p.idempotencyKey() != null) {
        keys.add(p.idempotencyKey());
      }
    }
    return keys;
  }

  /**
   * @param postings the batch
   * @return the transactions it settles or reverses
   */
  public static Set<TransactionId> targets(List<StorePosting> postings) {
    Set<TransactionId> ids = new HashSet<>();
    for (StorePosting p : postings) {
      if (p.target() != null) {
        ids.add(p.target());
      }
    }
    return ids;
  }

  // ---- planning ----

  /**
   * Plans a batch against the state a store locked.
   *
   * @param postings the batch, in order
   * @param state    what the store locked and read
   * @return one outcome per posting and the rows to write for the accepted ones
   */
  public static BatchPlan plan(List<StorePosting> postings, LockedState state) {
    Batch batch = new Batch(state);
    List<BatchPlan.Outcome> outcomes = new ArrayList<>(postings.size());
    Instant imported = state.importedThrough();
    for (int i = 0; i < postings.size(); i++) {
      StorePosting p = Objects.requireNonNull(postings.get(i), "postings[" + i + "]");
      String key = p.idempotencyKey();
      if (imported != null && !p.postedAt().isAfter(imported) && (key == null || state.byKey(key).isEmpty())) {
        outcomes.add(new BatchPlan.Outcome(null, new ConcurrencyException("postedAt", p.postedAt(),
            "is not after " + imported + ", the booking instant of the latest imported posting: history imported "
                + "meanwhile comes first; retry")));
        continue;
      }
      try {
        batch.followed = i < postings.size() - 1;
        outcomes.add(new BatchPlan.Outcome(batch.plan(p), null));
      } catch (LedgerException e) {
        outcomes.add(new BatchPlan.Outcome(null, e));
      }
    }
    return new BatchPlan(outcomes, batch.created, batch.settled, new ArrayList<>(batch.reversed.values()),
        batch.entries, batch.balances, batch.firstWriting);
  }

  /**
   * Plans a history import ({@code LedgerStore#importHistory}): the import rules, then
   * {@link #plan} for the postings. A posting whose key is already stored, or used earlier in the
   * batch, is left to {@link #plan} (a replay or a conflict); every other one must come after the
   * ledger's latest imported posting and the new postings before it in the batch (booking instants
   * strictly increase over the ledger's whole import), and the ledger must hold no live posting.
   * The store reads {@code history} under the lock it writes the import under, after the locks of
   * {@link #accountsToLock}, and writes the plan all or nothing.
   *
   * @param postings the import's postings, in booking order, each a posted new transaction whose
   *                 {@link StorePosting#postedAt()} is its original booking instant
   * @param state    what the store locked and read
   * @param history  where the ledger's import stands
   * @return the plan and where the import stands after it
   * @throws ImportClosedException   when a new posting would be imported into a ledger with live
   *     postings
   * @throws InvalidRequestException when a new posting is held, or not booked after the one before
   *     it ({@code postings[i].bookedAt})
   */
  public static ImportPlan planImport(List<StorePosting.NewTransaction> postings, LockedState state,
      HistoryImport history) {
    Instant last = history.bookedThrough();
    Instant first = null;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < postings.size(); i++) {
      StorePosting.NewTransaction p = Objects.requireNonNull(postings.get(i), "postings[" + i + "]");
      if (!seen.add(p.idempotencyKey()) || state.byKey(p.idempotencyKey()).isPresent()) {
        continue;
      }
      String field = "postings[" + i + "].bookedAt";
      if (p.pending()) {
        throw new InvalidRequestException("postings[" + i + "].request.pending", true,
            "must be false: an imported posting is booked posted, holds are not imported");
      }
      if (history.live()) {
        throw new ImportClosedException(field, p.postedAt());
      }
      if (last != null && !p.postedAt().isAfter(last)) {
        throw new InvalidRequestException(field, p.postedAt(), "must be after " + last
            + (first == null ? ", the booking instant of the ledger's latest imported posting"
                : ", the booking instant of the posting before it")
            + ": imported booking instants strictly increase");
      }
      if (first == null) {
        first = p.postedAt();
      }
      last = p.postedAt();
    }
    BatchPlan batch = plan(List.copyOf(postings), state);
    return new ImportPlan(batch, new HistoryImport(last, history.live()), first);
  }

  /** Up to this many lines, a posting's lines find each other by a scan rather than a map. */
  private static final int SMALL = 8;

  /** One line a posting writes, before its running balance is known. */
  private record Line(int field, AccountId accountId, Side side, Money amount, boolean pending) {}

  /** How one posting moves one account's counters, in signed minor units. */
  private static final class Delta {
    final String prefix;
    final int field;
    final CurrencyUnit currency;
    long postedDebits;
    long postedCredits;
    long pendingDebits;
    long pendingCredits;

    Delta(String prefix, int field, CurrencyUnit currency) {
      this.prefix = prefix;
      this.field = field;
      this.currency = currency;
    }

    String field() {
      return prefix + "entries[" + field + "]";
    }
  }

  /** The state of the batch so far: the locked state with what earlier postings of the batch did. */
  private static final class Batch {
    final LockedState state;
    final SortedMap<AccountId, Balance> balances = new TreeMap<>();
    /** The hash of each account's latest entry of the batch so far. */
    final Map<AccountId, String> lastHashes = new HashMap<>();
    final Map<String, StoredTransaction> keys = new HashMap<>();
    final Map<TransactionId, StoredTransaction> transactions = new HashMap<>();
    final List<StoredTransaction> created = new ArrayList<>();
    final List<BatchPlan.Settlement> settled = new ArrayList<>();
    final Map<TransactionId, Transaction> reversed = new java.util.LinkedHashMap<>();
    final List<Entry> entries = new ArrayList<>();
    @Nullable StorePosting firstWriting;
    /** How the rejections of the posting being planned name its fields: its request's place in a batch. */
    String prefix = "";
    /**
     * Whether postings of the batch follow the one being planned. Only they read what it leaves in
     * {@link #keys}, {@link #transactions} and {@link #lastHashes}, so the last one (a lone posting's
     * whole batch) leaves nothing there.
     */
    boolean followed = true;

    Batch(LockedState state) {
      this.state = state;
    }

    Balance balance(AccountId id) {
      Balance b = balances.get(id);
      return b != null ? b : state.balance(id);
    }

    @Nullable String lastHash(AccountId id) {
      String h = lastHashes.get(id);
      return h != null ? h : state.lastEntryHash(id);
    }

    Optional<StoredTransaction> byKey(String key) {
      StoredTransaction earlier = keys.get(key);
      return earlier != null ? Optional.of(earlier) : state.byKey(key);
    }

    StoredTransaction target(TransactionId id) {
      StoredTransaction earlier = transactions.get(id);
      if (earlier != null) {
        return earlier;
      }
      return state.transaction(id)
          .orElseThrow(() -> new TransactionNotFoundException("transactionId", id, "does not exist"));
    }

    AppliedPosting plan(StorePosting p) {
      prefix = p instanceof StorePosting.NewTransaction n ? n.fieldPrefix() : "";
      if (p instanceof StorePosting.NewTransaction n) {
        return create(n);
      }
      if (p instanceof StorePosting.Reversal r) {
        return reverse(r);
      }
      if (p instanceof StorePosting.CommitHold c) {
        return settle(p, c.transactionId(), c.amount(), true, c.entryIds());
      }
      StorePosting.VoidHold v = (StorePosting.VoidHold) p;
      return settle(p, v.transactionId(), null, false, IdGenerator.random());
    }

    private @Nullable AppliedPosting replay(String key, String requestHash) {
      Optional<StoredTransaction> stored = byKey(key);
      if (stored.isEmpty()) {
        return null;
      }
      if (!stored.get().requestHash().equals(requestHash)) {
        throw new IdempotencyConflictException(prefix + "idempotencyKey", key,
            "was already used by transaction " + stored.get().transaction().id() + " for a different request");
      }
      return AppliedPosting.replay(stored.get().transaction());
    }

    private void checkNewId(TransactionId id) {
      if (transactions.containsKey(id) || state.transaction(id).isPresent()) {
        throw new InvalidRequestException(prefix + "transactionId", id, "is already used by another transaction");
      }
    }

    private AppliedPosting create(StorePosting.NewTransaction n) {
      AppliedPosting replay = replay(n.idempotencyKey(), n.requestHash());
      if (replay != null) {
        return replay;
      }
      if (n.expiresAt() != null && !n.expiresAt().isAfter(n.postedAt())) {
        // Checked after the replay: a retry of a booked hold whose expiry has since passed is a replay.
        throw new InvalidRequestException("expiresAt", n.expiresAt(),
            "has already passed at the booking instant " + n.postedAt());
      }
      checkNewId(n.transactionId());
      checkOpen(prefix + "effectiveDate", n.effectiveDate());
      List<Line> lines = new ArrayList<>(n.lines().size());
      for (int i = 0; i < n.lines().size(); i++) {
        EntryRequest r = n.lines().get(i);
        lines.add(new Line(i, r.accountId(), r.side(), r.amount(), n.pending()));
      }
      Moved moved = move(n, n.transactionId(), 0, lines, new TreeMap<>(), true, n.entryIds());
      Transaction tx = new Transaction(n.transactionId(), n.idempotencyKey(), n.description(), n.effectiveDate(),
          n.postedAt(), n.pending() ? TransactionStatus.PENDING : TransactionStatus.POSTED, moved.entries,
          n.metadata(), n.expiresAt(), null, null, false, null);
      return commitCreated(n, new StoredTransaction(tx, n.requestHash()), moved);
    }

    private AppliedPosting reverse(StorePosting.Reversal r) {
      AppliedPosting replay = replay(r.idempotencyKey(), r.requestHash());
      if (replay != null) {
        return replay;
      }
      StoredTransaction target = target(r.reverses());
      Transaction original = target.transaction();
      if (original.status() != TransactionStatus.POSTED) {
        throw new TransactionStateException("transactionId", original.id(),
            "is " + original.status() + "; only a POSTED transaction can be reversed");
      }
      if (original.reversedBy() != null) {
        throw new TransactionStateException("transactionId", original.id(),
            "was already reversed by " + original.reversedBy());
      }
      checkNewId(r.transactionId());
      List<Line> lines = new ArrayList<>();
      int i = 0;
      for (Entry e : original.postedEntries()) {
        lines.add(new Line(i++, e.accountId(), e.side().opposite(), e.amount(), false));
      }
      Moved moved = move(r, r.transactionId(), 0, lines, new TreeMap<>(), true, r.entryIds());
      Transaction tx = new Transaction(r.transactionId(), r.idempotencyKey(), r.description(),
          reversalDate(original.effectiveDate(), r.effectiveDate()), r.postedAt(), TransactionStatus.POSTED, moved.entries, r.metadata(), null,
          original.id(), null, false, null);
      Transaction linked = original.withReversedBy(tx.id());
      if (followed) {
        transactions.put(original.id(), new StoredTransaction(linked, target.requestHash()));
      }
      reversed.put(original.id(), linked);
      return commitCreated(r, new StoredTransaction(tx, r.requestHash()), moved);
    }

    private AppliedPosting commitCreated(StorePosting p, StoredTransaction unsealed, Moved moved) {
      Transaction tx = unsealed.transaction();
      tx = tx.withDigest(EntryHashes.transactionDigest(tx));
      StoredTransaction stored = new StoredTransaction(tx, unsealed.requestHash());
      if (followed) {
        keys.put(tx.idempotencyKey(), stored);
        transactions.put(tx.id(), stored);
      }
      created.add(stored);
      return written(p, tx, moved);
    }

    private AppliedPosting settle(StorePosting p, TransactionId id, @Nullable Money amount, boolean commit,
        IdGenerator entryIds) {
      StoredTransaction target = target(id);
      Transaction pending = target.transaction();
      if (pending.status() != TransactionStatus.PENDING) {
        throw new TransactionStateException("transactionId", id, "is " + pending.status() + ", not PENDING");
      }
      checkOpen("effectiveDate", pending.effectiveDate());
      List<Entry> held = pending.pendingEntries();
      if (amount != null) {
        checkPartialAmount(held, amount);
      }
      List<Line> lines = new ArrayList<>();
      for (int i = 0; i < held.size(); i++) {
        Entry e = held.get(i);
        if (commit) {
          lines.add(new Line(i, e.accountId(), e.side(), amount == null ? e.amount() : amount, false));
        }
      }
      Moved moved = move(p, id, pending.entries().size(), lines, releases(held), commit, entryIds);
      Transaction after = pending.settled(commit ? TransactionStatus.POSTED : TransactionStatus.VOIDED, moved.entries);
      if (commit) {
        // The commit appends entries under the hold's id: the digest is renewed over all of them.
        after = after.withDigest(EntryHashes.transactionDigest(after));
      }
      StoredTransaction stored = new StoredTransaction(after, target.requestHash());
      if (followed) {
        transactions.put(id, stored);
      }
      settled.add(new BatchPlan.Settlement(after, p.postedAt()));
      return written(p, after, moved);
    }

    /** Refuses a value date on or before the date the books are closed through. */
    private void checkOpen(String field, LocalDate effectiveDate) {
      Optional<LocalDate> closed = state.closedThrough();
      if (closed.isPresent() && !effectiveDate.isAfter(closed.get())) {
        throw new PeriodClosedException(field, effectiveDate, closed.get());
      }
    }

    /**
     * A reversal is booked on its own value date; when the transaction it reverses (or that date)
     * is in a closed period, on the first day of the first open period instead.
     */
    private LocalDate reversalDate(LocalDate original, LocalDate requested) {
      Optional<LocalDate> closed = state.closedThrough();
      if (closed.isPresent() && (!original.isAfter(closed.get()) || !requested.isAfter(closed.get()))) {
        return closed.get().plusDays(1);
      }
      return requested;
    }

    private AppliedPosting written(StorePosting p, Transaction tx, Moved moved) {
      balances.putAll(moved.balances);
      entries.addAll(moved.entries);
      if (followed) {
        for (Entry e : moved.entries) {
          lastHashes.put(e.accountId(), Objects.requireNonNull(e.hash()));
        }
      }
      if (firstWriting == null) {
        firstWriting = p;
      }
      return new AppliedPosting(tx, new ArrayList<>(moved.balances.values()));
    }

    /** What one posting does to the accounts: checked, but not yet part of the batch's state. */
    private record Moved(List<Entry> entries, SortedMap<AccountId, Balance> balances) {}

    /**
     * Checks a posting's lines and counter moves against the accounts, and computes its entries
     * (with running balances and versions) and the accounts' new balances. Changes nothing.
     */
    private Moved move(StorePosting p, TransactionId transactionId, int firstOrdinal, List<Line> lines,
        SortedMap<AccountId, Delta> releases, boolean mustBeOpen, IdGenerator entryIds) {
      SortedMap<AccountId, Delta> deltas = new TreeMap<>(releases);
      for (Line line : lines) {
        Account account = account(line.accountId(), prefix + "entries[" + line.field() + "]", line.amount(),
            mustBeOpen);
        Delta d = deltas.get(line.accountId());
        if (d == null) {
          d = new Delta(prefix, line.field(), account.currency());
          deltas.put(line.accountId(), d);
        }
        long minor = line.amount().minorUnits();
        try {
          if (line.pending()) {
            if (line.side() == Side.DEBIT) {
              d.pendingDebits = Math.addExact(d.pendingDebits, minor);
            } else {
              d.pendingCredits = Math.addExact(d.pendingCredits, minor);
            }
          } else if (line.side() == Side.DEBIT) {
            d.postedDebits = Math.addExact(d.postedDebits, minor);
          } else {
            d.postedCredits = Math.addExact(d.postedCredits, minor);
          }
        } catch (ArithmeticException e) {
          throw new InvalidAmountException(prefix + "entries[" + line.field() + "].amount", line.amount(),
              "overflows the account's total");
        }
      }
      SortedMap<AccountId, Balance> after = new TreeMap<>();
      for (Map.Entry<AccountId, Delta> e : deltas.entrySet()) {
        Delta d = e.getValue();
        Account account = account(e.getKey(), d.field(), Money.zero(d.currency), mustBeOpen);
        Balance next = apply(balance(e.getKey()), d, account);
        if (mustBeOpen) {
          checkConstraints(account, next, d);
        }
        after.put(e.getKey(), next);
      }
      // The account's latest entry of this posting so far, by account: looked up among the few
      // written so far, or in a map for a posting of many lines.
      Map<AccountId, Entry> latest = lines.size() > SMALL ? new HashMap<>() : null;
      List<Entry> written = new ArrayList<>(lines.size());
      int ordinal = firstOrdinal;
      for (Line line : lines) {
        Account account = state.account(line.accountId()).orElseThrow();
        Entry before = latest != null ? latest.get(line.accountId()) : latestOf(written, line.accountId());
        // Runs on from the account's entry before it: of this posting, of the batch, or as locked.
        long current = before != null ? before.balanceAfter().minorUnits() : balance(line.accountId()).posted().minorUnits();
        if (!line.pending()) {
          long signed = line.side() == account.normalSide() ? line.amount().minorUnits() : -line.amount().minorUnits();
          current = Math.addExact(current, signed);
        }
        Entry unlinked = new Entry(new EntryId(entryIds.nextId()), transactionId, ordinal++, line.accountId(),
            line.side(), line.amount(), line.pending(), p.postedAt(), Money.ofMinor(current, account.currency()),
            after.get(line.accountId()).version(), null);
        // Chained to the account's entry before it, likewise.
        String previous = before != null ? before.hash() : lastHash(line.accountId());
        Entry linked = unlinked.withHash(EntryHashes.entryHash(previous, unlinked));
        written.add(linked);
        if (latest != null) {
          latest.put(line.accountId(), linked);
        }
      }
      return new Moved(written, after);
    }

    /** @return the last of {@code written} on the account, or null */
    private static @Nullable Entry latestOf(List<Entry> written, AccountId id) {
      for (int i = written.size() - 1; i >= 0; i--) {
        if (written.get(i).accountId().equals(id)) {
          return written.get(i);
        }
      }
      return null;
    }

    private Account account(AccountId id, String field, Money amount, boolean mustBeOpen) {
      Account account = state.account(id)
          .orElseThrow(() -> new AccountNotFoundException(field + ".accountId", id, "does not exist"));
      if (mustBeOpen && account.status() != AccountStatus.OPEN) {
        throw new AccountStateException(field + ".accountId", id,
            "is " + account.status() + " (account " + account.code() + ") and accepts no postings");
      }
      if (!account.currency().equals(amount.currency())) {
        CurrencyUnit kept = account.currency();
        if (kept.code().equals(amount.currency().code())) {
          // The same currency at another scale: say what is wrong with the amount, not that it is foreign.
          if (amount.toBigDecimal().stripTrailingZeros().scale() > kept.scale()) {
            throw new InvalidAmountException(field + ".amount", amount,
                "has more fractional digits than " + kept.code() + " allows (" + kept.scale() + ") in account "
                    + account.code());
          }
          throw new InvalidAmountException(field + ".amount", amount, "is " + kept.code() + " at scale "
              + amount.currency().scale() + "; account " + account.code() + " keeps " + kept.code() + " at scale "
              + kept.scale());
        }
        throw new CurrencyMismatchException(field + ".amount", amount,
            "is not in the currency of account " + account.code() + " (" + account.currency().code() + ")");
      }
      return account;
    }
  }

  /** The pending counters a settlement releases, per account of the hold. */
  private static SortedMap<AccountId, Delta> releases(List<Entry> held) {
    SortedMap<AccountId, Delta> deltas = new TreeMap<>();
    for (int i = 0; i < held.size(); i++) {
      Entry e = held.get(i);
      final int index = i;
      Delta d = deltas.computeIfAbsent(e.accountId(), k -> new Delta("", index, e.amount().currency()));
      if (e.side() == Side.DEBIT) {
        d.pendingDebits -= e.amount().minorUnits();
      } else {
        d.pendingCredits -= e.amount().minorUnits();
      }
    }
    return deltas;
  }

  private static void checkPartialAmount(List<Entry> held, Money amount) {
    Money first = held.get(0).amount();
    for (Entry e : held) {
      if (!e.amount().equals(first)) {
        throw new InvalidRequestException("amount", amount,
            "cannot be applied: a partial commit needs a hold whose entries all have the same amount");
      }
    }
    if (!amount.currency().equals(first.currency())) {
      throw new CurrencyMismatchException("amount", amount, "is not in the hold's currency " + first.currency().code());
    }
    if (!amount.isPositive()) {
      throw new InvalidAmountException("amount", amount, "must be greater than zero");
    }
    if (amount.minorUnits() > first.minorUnits()) {
      throw new InvalidAmountException("amount", amount, "exceeds the held amount " + first);
    }
  }

  private static Balance apply(Balance b, Delta d, Account account) {
    return new Balance(b.accountId(), b.currency(), b.normalSide(),
        add(b.postedDebits(), d.postedDebits, d, account, "posted debits"),
        add(b.postedCredits(), d.postedCredits, d, account, "posted credits"),
        add(b.pendingDebits(), d.pendingDebits, d, account, "pending debits"),
        add(b.pendingCredits(), d.pendingCredits, d, account, "pending credits"),
        b.version() + 1);
  }

  /** One counter after a move; an overflow names the amount the posting moves it by, and the account. */
  private static long add(long counter, long move, Delta d, Account account, String name) {
    try {
      return Math.addExact(counter, move);
    } catch (ArithmeticException e) {
      throw new InvalidAmountException(d.field() + ".amount", Money.ofMinor(move, d.currency),
          "would overflow the " + name + " of account " + account.code() + " (a 64-bit count of minor units)");
    }
  }

  private static void checkConstraints(Account account, Balance next, Delta d) {
    if (account.debitsMustNotExceedCredits()) {
      long debits = saturatedAdd(next.postedDebits(), next.pendingDebits());
      if (debits > next.postedCredits()) {
        throw new BalanceConstraintException(d.field() + ".accountId", account.id(),
            "would leave account " + account.code() + " with debits (posted and pending) "
                + Money.ofMinor(debits, account.currency()) + " exceeding posted credits "
                + Money.ofMinor(next.postedCredits(), account.currency()));
      }
    }
    if (account.creditsMustNotExceedDebits()) {
      long credits = saturatedAdd(next.postedCredits(), next.pendingCredits());
      if (credits > next.postedDebits()) {
        throw new BalanceConstraintException(d.field() + ".accountId", account.id(),
            "would leave account " + account.code() + " with credits (posted and pending) "
                + Money.ofMinor(credits, account.currency()) + " exceeding posted debits "
                + Money.ofMinor(next.postedDebits(), account.currency()));
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  // ---- account status ----

  /**
   * Checks whether an account may move to a new status.
   *
   * @param account the account as stored
   * @param balance its current balance
   * @param target  the requested status
   * @return false when the account already has that status (nothing to do), true to change it
   * @throws AccountStateException when the change is not allowed
   */
  public static boolean checkStatusChange(Account account, Balance balance, AccountStatus target) {
    if (account.status() == target) {
      return false;
    }
    if (account.status() == AccountStatus.CLOSED) {
      throw new AccountStateException("accountId", account.id(),
          "is CLOSED (account " + account.code() + "); a closed account cannot change status");
    }
    if (target == AccountStatus.CLOSED
        && (balance.postedDebits() != balance.postedCredits() || balance.pendingDebits() != 0
            || balance.pendingCredits() != 0)) {
      throw new AccountStateException("accountId", account.id(),
          "cannot be closed: account " + account.code() + " has posted balance " + balance.posted()
              + " and pending " + Money.ofMinor(balance.pendingDebits(), account.currency()) + " debits / "
              + Money.ofMinor(balance.pendingCredits(), account.currency()) + " credits");
    }
    return true;
  }
}
