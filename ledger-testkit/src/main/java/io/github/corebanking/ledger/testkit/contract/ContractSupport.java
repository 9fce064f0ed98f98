package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every topic of {@link LedgerStoreContract} shares: the running test's {@link Ledger},
 * {@link LedgerStore} and {@link MutableClock}, a small chart of accounts ({@link #openBook()}),
 * posting shorthands, the balance, trial-balance and statement assertions, the check that a rejected
 * request wrote nothing ({@link #assertRejected}), and a gate that starts concurrent callers at
 * once. A topic extends this class and adds only its tests; a helper two topics need lives here.
 */
abstract class ContractSupport {

  /** Where every test's clock starts; accounts are opened at this instant. */
  static final Instant START = LedgerStoreContract.START;
  static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2100-01-01T00:00:00Z");
  static final CurrencyUnit USD = CurrencyUnit.USD;
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final int MAX_PAGES = 1_000;
  static final long WAIT_SECONDS = 30;

  private final LedgerStoreContract contract;

  /** The running test's ledger, store and clock, bound before each test by {@link #bindToTheTest()}. */
  Ledger ledger;
  LedgerStore store;
  MutableClock clock;

  ContractSupport(LedgerStoreContract contract) {
    this.contract = contract;
  }

  /**
   * Takes the ledger, store and clock that {@link LedgerStoreContract} opened for this test. The
   * enclosing class's {@code @BeforeEach} runs before this one, so they are in place.
   */
  @BeforeEach
  final void bindToTheTest() {
    ledger = contract.ledger();
    store = contract.store();
    clock = contract.clock();
  }

  /** A small chart of accounts that most tests start from. */
  record Book(Account cash, Account capital, Account deposit, Account settlement, Account fees,
      Account salaries, Account eurCash, Account eurCapital) {}

  Book openBook() {
    return new Book(
        openAccount("1000", "Cash", AccountType.ASSET, USD, false, false),
        openAccount("3000", "Share capital", AccountType.EQUITY, USD, false, false),
        openAccount("2100", "Customer deposit", AccountType.LIABILITY, USD, true, false),
        openAccount("2900", "Card settlement", AccountType.LIABILITY, USD, false, false),
        openAccount("4000", "Fee income", AccountType.REVENUE, USD, false, false),
        openAccount("5000", "Salaries", AccountType.EXPENSE, USD, false, false),
        openAccount("1010", "Cash EUR", AccountType.ASSET, EUR, false, false),
        openAccount("3010", "Share capital EUR", AccountType.EQUITY, EUR, false, false));
  }

  Account openAccount(String code, AccountType type, CurrencyUnit currency) {
    return openAccount(code, "Account " + code, type, currency, false, false);
  }

  Account openAccount(String code, String name, AccountType type, CurrencyUnit currency,
      boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits) {
    return ledger.openAccount(NewAccount.builder().code(code).name(name).type(type).currency(currency)
        .debitsMustNotExceedCredits(debitsMustNotExceedCredits)
        .creditsMustNotExceedDebits(creditsMustNotExceedDebits).build());
  }

  static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  static Money eur(String amount) {
    return Money.of(amount, EUR);
  }

  /** Moves the clock a minute forward, so each step of a test has its own booking instant. */
  Instant tick() {
    return clock.advance(Duration.ofMinutes(1));
  }

  static PostingRequest transfer(String key, Account debit, Account credit, Money amount) {
    return transfer(key, debit.id(), credit.id(), amount);
  }

  static PostingRequest transfer(String key, Account debit, AccountId credit, Money amount) {
    return transfer(key, debit.id(), credit, amount);
  }

  static PostingRequest transfer(String key, AccountId debit, AccountId credit, Money amount) {
    return PostingRequest.builder().idempotencyKey(key).description("Transfer " + key)
        .debit(debit, amount).credit(credit, amount).build();
  }

  Transaction post(String key, Account debit, Account credit, Money amount) {
    return ledger.post(transfer(key, debit, credit, amount));
  }

  Transaction hold(String key, Account debit, Account credit, Money amount, @Nullable Instant expiresAt) {
    PostingRequest.Builder b = PostingRequest.builder().idempotencyKey(key).description("Hold " + key)
        .debit(debit.id(), amount).credit(credit.id(), amount);
    if (expiresAt == null) {
      b.pending();
    } else {
      b.pending(expiresAt);
    }
    return ledger.post(b.build());
  }

  TransactionStatus status(Transaction t) {
    return ledger.transaction(t.id()).orElseThrow().status();
  }

  void assertBalance(Account account, long postedDebits, long postedCredits, long pendingDebits,
      long pendingCredits, long version) {
    assertThat(ledger.balance(account.id())).as("balance of account %s", account.code())
        .isEqualTo(new Balance(account.id(), account.currency(), account.normalSide(), postedDebits, postedCredits,
            pendingDebits, pendingCredits, version));
  }

  static TrialBalance.Line line(TrialBalance trial, Account account) {
    return trial.lines().stream().filter(l -> l.accountId().equals(account.id())).findFirst()
        .orElseThrow(() -> new AssertionError("no trial balance line for " + account.code()));
  }

  static void assertLine(TrialBalance trial, Account account, Money debit, Money credit) {
    TrialBalance.Line line = line(trial, account);
    assertThat(line.code()).isEqualTo(account.code());
    assertThat(line.debit()).as("debit column of %s", account.code()).isEqualTo(debit);
    assertThat(line.credit()).as("credit column of %s", account.code()).isEqualTo(credit);
  }

  /** Checks that each entry's running balance follows from the one before it. */
  static void assertRunningBalances(Account account, Money opening, List<Entry> entries) {
    long running = opening.minorUnits();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!e.pending()) {
        running += e.side() == account.normalSide() ? e.amount().minorUnits() : -e.amount().minorUnits();
      }
      assertThat(e.balanceAfter()).as("running balance of %s after entry %d", account.code(), i)
          .isEqualTo(Money.ofMinor(running, account.currency()));
    }
  }

  List<Entry> fullStatement(AccountId id, Instant from, Instant to) {
    List<Entry> all = new ArrayList<>();
    for (StatementPage page : allPages(id, from, to, PageRequest.MAX_SIZE)) {
      all.addAll(page.entries());
    }
    return all;
  }

  List<StatementPage> allPages(AccountId id, Instant from, Instant to, int size) {
    List<StatementPage> pages = new ArrayList<>();
    PageRequest request = PageRequest.first(size);
    for (int i = 0; i < MAX_PAGES; i++) {
      StatementPage page = ledger.statement(id, from, to, request);
      pages.add(page);
      Optional<String> next = page.next();
      if (next.isEmpty()) {
        return pages;
      }
      request = PageRequest.after(next.get(), size);
    }
    throw new AssertionError("statement of " + id + " did not end after " + MAX_PAGES + " pages");
  }

  /** Everything a rejected request must leave as it was. */
  record Snapshot(List<Account> accounts, Map<AccountId, Balance> balances,
      Map<AccountId, List<Entry>> statements, TrialBalance trialBalance, IntegrityReport integrity) {}

  Snapshot snapshot() {
    List<Account> accounts = ledger.accounts();
    List<AccountId> ids = accounts.stream().map(Account::id).toList();
    Map<AccountId, List<Entry>> statements = new LinkedHashMap<>();
    for (AccountId id : ids) {
      statements.put(id, fullStatement(id, BEGINNING, END));
    }
    IntegrityReport integrity = ledger.checkIntegrity();
    assertThat(integrity.ok()).as("integrity of the ledger: %s", integrity).isTrue();
    return new Snapshot(accounts, new HashMap<>(ledger.balances(ids)), statements, ledger.trialBalance(), integrity);
  }

  /**
   * Runs a call that must be rejected, and checks the exception's type, its field, that its message
   * shows the offending value, and that nothing was written.
   */
  <T extends LedgerException> T assertRejected(Class<T> type, String field, String value,
      ThrowingCallable call) {
    T e = rejected(type, value, call);
    assertThat(e.field()).as("field() of %s", e).isEqualTo(field);
    return e;
  }

  <T extends LedgerException> T rejected(Class<T> type, String value, ThrowingCallable call) {
    Snapshot before = snapshot();
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("what the call threw").isInstanceOf(type);
    T e = type.cast(thrown);
    assertThat(e.getMessage()).as("message of %s", e).contains(value);
    assertThat(snapshot()).as("the ledger after the rejection").isEqualTo(before);
    return e;
  }

  void assertNothingBookedUnder(String... keys) {
    for (String key : keys) {
      assertThat(ledger.transactionByKey(key)).as("transaction under key %s", key).isEmpty();
    }
  }

  /** The result of one concurrent call: a value or what it threw. */
  record Outcome<T>(@Nullable T value, @Nullable Throwable error) {
    boolean succeeded() {
      return error == null;
    }
  }

  static <T> List<T> values(List<Outcome<T>> outcomes) {
    List<T> values = new ArrayList<>();
    for (Outcome<T> o : outcomes) {
      if (o.succeeded()) {
        values.add(o.value());
      }
    }
    return values;
  }

  static <T> List<Throwable> errors(List<Outcome<T>> outcomes) {
    List<Throwable> errors = new ArrayList<>();
    for (Outcome<T> o : outcomes) {
      if (o.error() != null) {
        errors.add(o.error());
      }
    }
    return errors;
  }

  /** Starts every task at once (behind a gate) and collects the outcomes in task order. */
  static <T> List<Outcome<T>> runConcurrently(int threads, IntFunction<Callable<T>> task)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        Callable<T> work = task.apply(i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          await(go);
          return work.call();
        }));
      }
      assertThat(ready.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("all threads started").isTrue();
      go.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>(threads);
      for (Future<T> f : futures) {
        try {
          outcomes.add(new Outcome<>(f.get(WAIT_SECONDS, TimeUnit.SECONDS), null));
        } catch (ExecutionException e) {
          outcomes.add(new Outcome<>(null, e.getCause()));
        } catch (TimeoutException e) {
          throw new AssertionError("a concurrent call did not finish within " + WAIT_SECONDS + " s", e);
        }
      }
      return Collections.unmodifiableList(outcomes);
    } finally {
      go.countDown();
      shutdown(pool);
    }
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gave up waiting after " + WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  static void shutdown(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("worker threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
