package io.github.corebanking.ledger.testkit.properties;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.TestLedgers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Random sequences of postings, holds, commits (full and partial), voids, reversals, replays,
 * conflicting reuses of keys, expiries and batches, over a few accounts in two currencies, run
 * against a ledger on the in-memory store and against a plain model of what each step should do.
 * After every step:
 * <ul>
 *   <li>the ledger accepted exactly what the model accepted, and a rejection changed nothing;</li>
 *   <li>every account's counters equal the model's and the sums of its entries;</li>
 *   <li>total debits equal total credits per currency, posted and pending alike;</li>
 *   <li>the integrity check is clean and the trial balance balanced;</li>
 *   <li>no account with a no-overdraft flag is overdrawn, counting holds;</li>
 *   <li>a replay returns the same transaction and changes nothing.</li>
 * </ul>
 */
class LedgerInvariantProperties {

  private static final Instant START = Instant.parse("2026-01-31T10:00:00Z");
  private static final Instant DAWN = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant DUSK = Instant.parse("2100-01-01T00:00:00Z");
  private static final CurrencyUnit[] CURRENCIES = {CurrencyUnit.USD, CurrencyUnit.EUR};

  /** What a step does. */
  enum Kind { POST, SPLIT, FX, HOLD, COMMIT, PARTIAL_COMMIT, VOID, REVERSE, REPLAY, CONFLICT, EXPIRE, BATCH }

  /**
   * One step: how its numbers are used depends on the kind.
   *
   * @param kind     what to do
   * @param currency 0 for USD, 1 for EUR
   * @param a        first account index
   * @param b        second account index
   * @param c        third account index
   * @param amount   an amount in minor units
   * @param pick     picks a transaction, a percentage, a duration
   */
  record Op(Kind kind, int currency, int a, int b, int c, long amount, int pick) {}

  @Property(tries = 200)
  void everyStepKeepsTheBooksBalancedAndTheModelExact(@ForAll("scenarios") List<Op> ops) {
    Scenario scenario = new Scenario();
    for (Op op : ops) {
      String outcome = scenario.run(op);
      Statistics.label("steps").collect(op.kind(), outcome);
      scenario.checkInvariants();
    }
    Statistics.label("length").collect(ops.size() < 10 ? "short" : ops.size() < 20 ? "medium" : "long");
  }

  @Provide
  Arbitrary<List<Op>> scenarios() {
    Arbitrary<Kind> kinds = Arbitraries.frequency(
        Tuple.of(8, Kind.POST), Tuple.of(2, Kind.SPLIT), Tuple.of(2, Kind.FX), Tuple.of(6, Kind.HOLD),
        Tuple.of(3, Kind.COMMIT), Tuple.of(3, Kind.PARTIAL_COMMIT), Tuple.of(3, Kind.VOID), Tuple.of(4, Kind.REVERSE),
        Tuple.of(3, Kind.REPLAY), Tuple.of(2, Kind.CONFLICT), Tuple.of(2, Kind.EXPIRE), Tuple.of(2, Kind.BATCH));
    Arbitrary<Integer> index = Arbitraries.integers().between(0, Scenario.ACCOUNTS_PER_CURRENCY - 1);
    Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 1), index, index, index,
        Arbitraries.longs().between(1, 120_000), Arbitraries.integers().between(0, 999)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(30);
  }

  /** A line of a transaction, in the model. */
  record Line(AccountId account, Side side, long amount) {}

  /** A transaction, in the model. */
  static final class ModelTx {
    final TransactionId id;
    final String key;
    final @Nullable PostingRequest request;
    final @Nullable TransactionId reverses;
    final String description;
    final List<Line> held;
    List<Line> posted;
    TransactionStatus status;
    final @Nullable Instant expiresAt;
    @Nullable String reversalKey;

    ModelTx(Transaction t, @Nullable PostingRequest request, List<Line> held, List<Line> posted) {
      this.id = t.id();
      this.key = t.idempotencyKey();
      this.request = request;
      this.reverses = t.reverses();
      this.description = t.description();
      this.held = held;
      this.posted = posted;
      this.status = t.status();
      this.expiresAt = t.expiresAt();
    }
  }

  /** A ledger, the model of it, and the steps. */
  static final class Scenario {
    static final int ACCOUNTS_PER_CURRENCY = 6;

    final MutableClock clock = MutableClock.at(START);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    final Ledger ledger = TestLedgers.inMemory(store, clock);
    final Map<AccountId, Account> accounts = new LinkedHashMap<>();
    final List<List<Account>> byCurrency = new ArrayList<>();
    /** posted debits, posted credits, pending debits, pending credits. */
    final Map<AccountId, long[]> counters = new HashMap<>();
    final List<ModelTx> transactions = new ArrayList<>();
    int keys;

    Scenario() {
      for (CurrencyUnit currency : CURRENCIES) {
        String suffix = currency.equals(CurrencyUnit.USD) ? "" : "-" + currency.code();
        BankChart chart = BankChart.open(ledger, currency, suffix);
        Account vault = ledger.openAccount(NewAccount.builder().code("1100" + suffix).name("Vault cash")
            .type(AccountType.ASSET).currency(currency).creditsMustNotExceedDebits(true).build());
        List<Account> pool = List.of(chart.cash(), vault, chart.loansReceivable(), chart.customerDeposits(),
            chart.equity(), chart.feeIncome());
        byCurrency.add(pool);
        for (Account a : chart.accounts()) {
          accounts.put(a.id(), a);
          counters.put(a.id(), new long[4]);
        }
        accounts.put(vault.id(), vault);
        counters.put(vault.id(), new long[4]);
        // Some money to move around, so that not every withdrawal is refused.
        post(List.of(new Line(chart.cash().id(), Side.DEBIT, 500_000),
            new Line(chart.equity().id(), Side.CREDIT, 500_000)));
        post(List.of(new Line(vault.id(), Side.DEBIT, 50_000),
            new Line(chart.cash().id(), Side.CREDIT, 50_000)));
        post(List.of(new Line(chart.cash().id(), Side.DEBIT, 80_000),
            new Line(chart.customerDeposits().id(), Side.CREDIT, 80_000)));
      }
    }

    Account account(int currency, int index) {
      return byCurrency.get(currency).get(Math.floorMod(index, ACCOUNTS_PER_CURRENCY));
    }

    CurrencyUnit currencyOf(AccountId id) {
      return accounts.get(id).currency();
    }

    String nextKey() {
      return "op-" + keys++;
    }

    // ---- steps ----

    /** How the last step ended, for the statistics. */
    String outcome = "nothing to do";

    String run(Op op) {
      outcome = "nothing to do";
      int cur = op.currency();
      AccountId a = account(cur, op.a()).id();
      AccountId b = account(cur, op.b()).id();
      AccountId c = account(cur, op.c()).id();
      long amount = op.amount();
      switch (op.kind()) {
        case POST -> post(List.of(new Line(a, Side.DEBIT, amount), new Line(b, Side.CREDIT, amount)));
        case SPLIT -> {
          long second = op.pick() * 7L + 1;
          post(List.of(new Line(a, Side.DEBIT, amount + second), new Line(b, Side.CREDIT, amount),
              new Line(c, Side.CREDIT, second)));
        }
        case FX -> {
          AccountId otherA = account(1 - cur, op.b()).id();
          AccountId otherB = account(1 - cur, op.c()).id();
          long other = op.pick() * 13L + 1;
          post(List.of(new Line(a, Side.DEBIT, amount), new Line(b, Side.CREDIT, amount),
              new Line(otherA, Side.DEBIT, other), new Line(otherB, Side.CREDIT, other)));
        }
        case HOLD -> hold(List.of(new Line(a, Side.DEBIT, amount), new Line(b, Side.CREDIT, amount)),
            clock.instant().plus(Duration.ofMinutes(op.pick() % 120 + 1)));
        case COMMIT -> settle(pick(op.pick(), TransactionStatus.PENDING), null, true);
        case PARTIAL_COMMIT -> settle(pick(op.pick(), TransactionStatus.PENDING), op.pick() % 100 + 1, true);
        case VOID -> settle(pick(op.pick(), TransactionStatus.PENDING), null, false);
        case REVERSE -> reverse(pick(op.pick(), TransactionStatus.POSTED), op.pick() % 2 == 0);
        case REPLAY -> replay(pick(op.pick()));
        case CONFLICT -> conflict(pick(op.pick()));
        case EXPIRE -> expire(Duration.ofMinutes(op.pick() % 180));
        case BATCH -> batch(a, b, c, amount, 2 + op.pick() % 2);
      }
      return outcome;
    }

    private @Nullable ModelTx pick(int pick) {
      return transactions.isEmpty() ? null : transactions.get(pick % transactions.size());
    }

    /** Mostly a transaction in the given status, sometimes any: the wrong status must be refused too. */
    private @Nullable ModelTx pick(int pick, TransactionStatus usually) {
      List<ModelTx> candidates = transactions.stream().filter(t -> t.status == usually).toList();
      if (pick % 5 == 0 || candidates.isEmpty()) {
        return pick(pick);
      }
      return candidates.get(pick % candidates.size());
    }

    private PostingRequest request(String key, List<Line> lines, @Nullable Instant holdUntil) {
      PostingRequest.Builder r = PostingRequest.builder().idempotencyKey(key).description("step " + key);
      for (Line l : lines) {
        r.entry(new EntryRequest(l.account(), l.side(), Money.ofMinor(l.amount(), currencyOf(l.account()))));
      }
      if (holdUntil != null) {
        r.pending(holdUntil);
      }
      return r.build();
    }

    /**
     * An account on both sides of one request is refused when the request is built, before the
     * ledger sees it; such a step changes nothing.
     */
    private boolean refusedForBothSides(List<Line> lines) {
      Map<AccountId, Side> sides = new HashMap<>();
      for (Line l : lines) {
        Side earlier = sides.putIfAbsent(l.account(), l.side());
        if (earlier != null && earlier != l.side()) {
          Throwable thrown = catchThrowable(() -> request("both-sides", lines, null));
          assertThat(thrown).isInstanceOf(InvalidRequestException.class);
          assertThat(((LedgerException) thrown).field()).endsWith(".accountId");
          outcome = "rejected: one account on both sides";
          return true;
        }
      }
      return false;
    }

    void post(List<Line> lines) {
      if (refusedForBothSides(lines)) {
        return;
      }
      PostingRequest request = request(nextKey(), lines, null);
      Map<AccountId, long[]> deltas = deltas(lines, false, 1);
      attempt(violates(deltas) ? BalanceConstraintException.class : null, () -> ledger.post(request), t -> {
        assertThat(t).isPosted().isNotReplay().isBalanced().hasEntries(lines.size());
        apply(deltas);
        transactions.add(new ModelTx(t, request, List.of(), lines));
      });
    }

    void hold(List<Line> lines, Instant until) {
      if (refusedForBothSides(lines)) {
        return;
      }
      PostingRequest request = request(nextKey(), lines, until);
      Map<AccountId, long[]> deltas = deltas(lines, true, 1);
      attempt(violates(deltas) ? BalanceConstraintException.class : null, () -> ledger.post(request), t -> {
        assertThat(t).isPending().isNotReplay().isBalanced().hasEntries(lines.size());
        apply(deltas);
        transactions.add(new ModelTx(t, request, lines, List.of()));
      });
    }

    void settle(@Nullable ModelTx tx, @Nullable Integer percent, boolean commit) {
      if (tx == null) {
        return;
      }
      if (tx.status != TransactionStatus.PENDING) {
        attempt(TransactionStateException.class,
            () -> commit ? ledger.commit(tx.id) : ledger.voidPending(tx.id), t -> { });
        return;
      }
      Map<AccountId, long[]> deltas = deltas(tx.held, true, -1);
      List<Line> posted = new ArrayList<>();
      if (commit) {
        for (Line l : tx.held) {
          long amount = percent == null ? l.amount() : Math.max(1, l.amount() * percent / 100);
          posted.add(new Line(l.account(), l.side(), amount));
        }
        merge(deltas, deltas(posted, false, 1));
      }
      Class<? extends LedgerException> predicted = commit && violates(deltas) ? BalanceConstraintException.class : null;
      Money partial = percent == null ? null
          : Money.ofMinor(posted.get(0).amount(), currencyOf(posted.get(0).account()));
      attempt(predicted, () -> !commit ? ledger.voidPending(tx.id)
          : partial == null ? ledger.commit(tx.id) : ledger.commit(tx.id, partial), t -> {
            assertThat(t).hasStatus(commit ? TransactionStatus.POSTED : TransactionStatus.VOIDED).isBalanced()
                .hasEntries(tx.held.size() + posted.size());
            apply(deltas);
            tx.status = t.status();
            tx.posted = posted;
          });
    }

    void reverse(@Nullable ModelTx tx, boolean defaultKey) {
      if (tx == null) {
        return;
      }
      String key = defaultKey ? "reversal:" + tx.id : nextKey();
      String description = defaultKey ? "Reversal of " + tx.id : "undo " + key;
      Supplier<Transaction> call = defaultKey ? () -> ledger.reverse(tx.id)
          : () -> ledger.reverse(tx.id, key, description);
      if (tx.status != TransactionStatus.POSTED) {
        attempt(TransactionStateException.class, call, t -> { });
        return;
      }
      if (tx.reversalKey != null) {
        if (tx.reversalKey.equals(key)) {
          expectReplay(call, findByKey(key));
        } else {
          attempt(TransactionStateException.class, call, t -> { });
        }
        return;
      }
      List<Line> swapped = new ArrayList<>();
      for (Line l : tx.posted) {
        swapped.add(new Line(l.account(), l.side() == Side.DEBIT ? Side.CREDIT : Side.DEBIT, l.amount()));
      }
      Map<AccountId, long[]> deltas = deltas(swapped, false, 1);
      attempt(violates(deltas) ? BalanceConstraintException.class : null, call, t -> {
        assertThat(t).isPosted().isNotReplay().isBalanced().reverses(tx.id).hasEntries(swapped.size());
        apply(deltas);
        tx.reversalKey = key;
        transactions.add(new ModelTx(t, null, List.of(), swapped));
      });
    }

    private ModelTx findByKey(String key) {
      return transactions.stream().filter(t -> t.key.equals(key)).findFirst().orElseThrow();
    }

    void replay(@Nullable ModelTx tx) {
      if (tx == null) {
        return;
      }
      if (tx.request != null) {
        expectReplay(() -> ledger.post(tx.request), tx);
      } else {
        TransactionId original = java.util.Objects.requireNonNull(tx.reverses);
        expectReplay(() -> ledger.reverse(original, tx.key, tx.description), tx);
      }
    }

    void conflict(@Nullable ModelTx tx) {
      if (tx == null || tx.request == null) {
        return;
      }
      PostingRequest r = tx.request;
      PostingRequest changed = new PostingRequest(r.idempotencyKey(), r.description() + " (changed)",
          r.effectiveDate(), r.entries(), r.pending(), r.expiresAt(), r.metadata());
      attempt(IdempotencyConflictException.class, () -> ledger.post(changed), t -> { });
    }

    void expire(Duration wait) {
      Instant now = clock.advance(wait);
      List<ModelTx> due = transactions.stream()
          .filter(t -> t.status == TransactionStatus.PENDING && t.expiresAt != null && !t.expiresAt.isAfter(now))
          .toList();
      JobResult result = new ExpireHoldsJob(ledger, store, clock, 3).run();
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(result.count("voided")).isEqualTo(due.size());
      for (ModelTx t : due) {
        apply(deltas(t.held, true, -1));
        t.status = TransactionStatus.VOIDED;
      }
      outcome = due.isEmpty() ? "nothing expired" : "voided expired holds";
    }

    void batch(AccountId a, AccountId b, AccountId c, long amount, int size) {
      AccountId[][] pairs = {{a, b}, {b, c}, {c, a}};
      List<PostingRequest> requests = new ArrayList<>();
      List<List<Line>> lines = new ArrayList<>();
      Map<AccountId, long[]> total = new HashMap<>();
      boolean violates = false;
      for (int i = 0; i < size; i++) {
        long each = amount / (i + 1) + 1;
        List<Line> l = List.of(new Line(pairs[i][0], Side.DEBIT, each), new Line(pairs[i][1], Side.CREDIT, each));
        if (refusedForBothSides(l)) {
          return;
        }
        lines.add(l);
        requests.add(request(nextKey(), l, null));
        merge(total, deltas(l, false, 1));
        // Each posting is checked against the state the ones before it leave.
        violates |= violates(total);
      }
      attempt(violates ? BalanceConstraintException.class : null, () -> ledger.postAll(requests), booked -> {
        assertThat(booked).hasSize(size);
        apply(total);
        for (int i = 0; i < size; i++) {
          assertThat(booked.get(i)).isPosted().isNotReplay();
          transactions.add(new ModelTx(booked.get(i), requests.get(i), List.of(), lines.get(i)));
        }
      });
    }

    // ---- the model ----

    private Map<AccountId, long[]> deltas(List<Line> lines, boolean pending, int sign) {
      Map<AccountId, long[]> d = new HashMap<>();
      for (Line l : lines) {
        int slot = (pending ? 2 : 0) + (l.side() == Side.DEBIT ? 0 : 1);
        d.computeIfAbsent(l.account(), k -> new long[4])[slot] += sign * l.amount();
      }
      return d;
    }

    private static void merge(Map<AccountId, long[]> into, Map<AccountId, long[]> more) {
      more.forEach((id, d) -> {
        long[] t = into.computeIfAbsent(id, k -> new long[4]);
        for (int i = 0; i < 4; i++) {
          t[i] += d[i];
        }
      });
    }

    /** Whether applying the deltas would break an account's constraint flag, counting holds. */
    private boolean violates(Map<AccountId, long[]> deltas) {
      for (Map.Entry<AccountId, long[]> e : deltas.entrySet()) {
        Account account = accounts.get(e.getKey());
        long[] now = counters.get(e.getKey());
        long[] d = e.getValue();
        long pd = now[0] + d[0];
        long pc = now[1] + d[1];
        long hd = now[2] + d[2];
        long hc = now[3] + d[3];
        if (account.debitsMustNotExceedCredits() && pd + hd > pc) {
          return true;
        }
        if (account.creditsMustNotExceedDebits() && pc + hc > pd) {
          return true;
        }
      }
      return false;
    }

    private void apply(Map<AccountId, long[]> deltas) {
      merge(counters, deltas);
    }

    // ---- running a step ----

    /** Everything a rejection must leave as it was. */
    private record Snapshot(long transactions, long entries, Map<AccountId, Balance> balances) {}

    private Snapshot snapshot() {
      return new Snapshot(store.transactionCount(), store.entryCount(), ledger.balances(accounts.keySet()));
    }

    private <T> void attempt(@Nullable Class<? extends LedgerException> predicted, Supplier<T> action,
        java.util.function.Consumer<T> onSuccess) {
      if (predicted == null) {
        onSuccess.accept(action.get());
        outcome = "accepted";
        return;
      }
      outcome = "rejected: " + predicted.getSimpleName();
      Snapshot before = snapshot();
      Throwable thrown = catchThrowable(action::get);
      assertThat(thrown).as("the model expected a rejection").isInstanceOf(predicted);
      assertThat(snapshot()).as("a rejected request must write nothing").isEqualTo(before);
    }

    private void expectReplay(Supplier<Transaction> action, ModelTx original) {
      Snapshot before = snapshot();
      Transaction stored = ledger.transaction(original.id).orElseThrow();
      Transaction replay = action.get();
      assertThat(replay).isReplay().hasStatus(original.status);
      assertThat(replay.id()).isEqualTo(original.id);
      assertThat(replay.entries()).isEqualTo(stored.entries());
      assertThat(replay.reversedBy()).isEqualTo(stored.reversedBy());
      assertThat(snapshot()).as("a replay must write nothing").isEqualTo(before);
      outcome = "replayed";
    }

    // ---- invariants ----

    void checkInvariants() {
      Map<TransactionId, TransactionStatus> statuses = new HashMap<>();
      Map<CurrencyUnit, long[]> totals = new HashMap<>();
      for (Account account : accounts.values()) {
        Balance balance = ledger.balance(account.id());
        long[] model = counters.get(account.id());
        assertThat(new long[] {balance.postedDebits(), balance.postedCredits(), balance.pendingDebits(),
            balance.pendingCredits()}).as("counters of %s against the model", account.code()).containsExactly(model);
        assertThat(sumOfEntries(account, statuses)).as("counters of %s against its entries", account.code())
            .containsExactly(model);
        long[] t = totals.computeIfAbsent(account.currency(), k -> new long[4]);
        for (int i = 0; i < 4; i++) {
          t[i] += model[i];
        }
        if (account.debitsMustNotExceedCredits()) {
          assertThat(balance.postedDebits() + balance.pendingDebits()).as("%s overdrawn", account.code())
              .isLessThanOrEqualTo(balance.postedCredits());
          assertThat(balance.available().isNegative()).isFalse();
        }
        if (account.creditsMustNotExceedDebits()) {
          assertThat(balance.postedCredits() + balance.pendingCredits()).as("%s below zero", account.code())
              .isLessThanOrEqualTo(balance.postedDebits());
          assertThat(balance.available().isNegative()).isFalse();
        }
      }
      totals.forEach((currency, t) -> {
        assertThat(t[0]).as("posted debits = credits in %s", currency).isEqualTo(t[1]);
        assertThat(t[2]).as("pending debits = credits in %s", currency).isEqualTo(t[3]);
      });
      for (ModelTx tx : transactions) {
        Transaction stored = ledger.transaction(tx.id).orElseThrow();
        assertThat(stored).hasStatus(tx.status).isBalanced();
        assertThat(stored.isReversed()).isEqualTo(tx.reversalKey != null);
      }
      assertThat(ledger).isBalanced();
    }

    /** The counters as the account's statement adds them up: posted entries, and holds still pending. */
    private long[] sumOfEntries(Account account, Map<TransactionId, TransactionStatus> statuses) {
      long[] sums = new long[4];
      PageRequest page = PageRequest.first(7);
      while (true) {
        StatementPage p = ledger.statement(account.id(), DAWN, DUSK, page);
        for (Entry e : p.entries()) {
          int side = e.side() == Side.DEBIT ? 0 : 1;
          if (!e.pending()) {
            sums[side] += e.amount().minorUnits();
          } else if (statuses.computeIfAbsent(e.transactionId(),
              id -> ledger.transaction(id).orElseThrow().status()) == TransactionStatus.PENDING) {
            sums[2 + side] += e.amount().minorUnits();
          }
        }
        if (!p.hasNext()) {
          return sums;
        }
        page = PageRequest.after(p.nextCursor(), 7);
      }
    }
  }
}
