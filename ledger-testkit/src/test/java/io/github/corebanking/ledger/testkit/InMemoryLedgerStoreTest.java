package io.github.corebanking.ledger.testkit;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.IdGenerator;
import io.github.corebanking.ledger.job.JobLock;
import io.github.corebanking.ledger.spi.StorePosting;
import java.util.UUID;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the in-memory store: its concurrency, its atomic batches, its derived
 * reversal links, its fast as-of reads and its cursors. The shared rules are the contract suite's.
 */
class InMemoryLedgerStoreTest {

  private static final Instant START = Instant.parse("2026-01-31T10:00:00Z");
  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private final MutableClock clock = MutableClock.at(START);
  private final InMemoryLedgerStore store = new InMemoryLedgerStore();
  private final Ledger ledger = TestLedgers.inMemory(store, clock);
  private final BankChart bank = BankChart.open(ledger, USD);
  private ExecutorService pool;

  @AfterEach
  void stopPool() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    ledger.close();
  }

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  private PostingRequest transfer(String key, Account debit, Account credit, String amount) {
    return PostingRequest.builder().idempotencyKey(key).description(key).debit(debit.id(), usd(amount))
        .credit(credit.id(), usd(amount)).build();
  }

  private <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
    pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void fiftyThreadsPostingTheSameKeyBookExactlyOneTransaction() throws Exception {
    bank.injectCapital(usd("1000.00"), "capital");
    long before = store.transactionCount();
    List<Transaction> results = runConcurrently(50,
        () -> ledger.post(transfer("same-key", bank.loansReceivable(), bank.cash(), "10.00")));

    assertThat(results).extracting(Transaction::id).containsOnly(results.get(0).id());
    assertThat(results).filteredOn(t -> !t.replayed()).hasSize(1);
    assertThat(store.transactionCount()).isEqualTo(before + 1);
    assertThat(ledger.balance(bank.cash().id())).hasPosted(usd("990.00"));
    assertThat(ledger).isBalanced();
  }

  @Test
  void concurrentConflictingRequestsWithOneKeyBookOneAndRejectTheRest() throws Exception {
    bank.injectCapital(usd("1000.00"), "capital");
    AtomicInteger n = new AtomicInteger();
    List<Object> outcomes = runConcurrently(20, () -> {
      int i = n.getAndIncrement();
      // Different amounts and accounts: only one request can own the key.
      Account debit = i % 2 == 0 ? bank.loansReceivable() : bank.interestReceivable();
      try {
        return ledger.post(transfer("contested", debit, bank.cash(), (i + 1) + ".00"));
      } catch (IdempotencyConflictException e) {
        return e;
      }
    });

    List<Transaction> booked = outcomes.stream().filter(Transaction.class::isInstance).map(Transaction.class::cast)
        .toList();
    assertThat(booked).hasSize(1);
    assertThat(booked.get(0).replayed()).isFalse();
    assertThat(outcomes).filteredOn(IdempotencyConflictException.class::isInstance).hasSize(19);
    assertThat(ledger).isBalanced();
  }

  @Test
  void concurrentTransfersOnSharedAccountsKeepEveryCounterExact() throws Exception {
    bank.injectCapital(usd("100000.00"), "capital");
    bank.depositCash(usd("5000.00"), "deposit");
    AtomicInteger n = new AtomicInteger();
    runConcurrently(8, () -> {
      for (int j = 0; j < 250; j++) {
        int i = n.getAndIncrement();
        switch (i % 4) {
          case 0 -> bank.disburseLoan(usd("1.00"), "loan-" + i);
          case 1 -> bank.chargeFee(usd("0.50"), "fee-" + i);
          case 2 -> bank.accrueLoanInterest(usd("0.25"), "interest-" + i);
          default -> bank.withdrawCash(usd("0.75"), "withdraw-" + i);
        }
      }
      return null;
    });

    // 2000 postings, 500 of each kind.
    assertThat(ledger.balance(bank.loansReceivable().id())).hasPosted(usd("500.00"));
    assertThat(ledger.balance(bank.customerDeposits().id()))
        .hasPosted(usd("5000.00").plus(usd("500.00")).minus(usd("250.00")).minus(usd("375.00")));
    assertThat(ledger.balance(bank.cash().id())).hasPosted(usd("105000.00").minus(usd("375.00")));
    assertThat(ledger.balance(bank.customerDeposits().id()).version()).isEqualTo(1 + 1500);
    assertThat(ledger).isBalanced();
  }

  @Test
  void concurrentWithdrawalsNeverOverdrawANoOverdraftAccount() throws Exception {
    bank.depositCash(usd("100.00"), "deposit");
    AtomicInteger n = new AtomicInteger();
    List<Boolean> accepted = runConcurrently(16, () -> {
      try {
        bank.withdrawCash(usd("10.00"), "withdraw-" + n.getAndIncrement());
        return true;
      } catch (BalanceConstraintException e) {
        return false;
      }
    });

    assertThat(accepted).filteredOn(ok -> ok).hasSize(10);
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("0.00"));
    assertThat(ledger).isBalanced();
  }

  @Test
  void concurrentReversalsOfOneTransactionReverseItOnce() throws Exception {
    Transaction original = bank.depositCash(usd("40.00"), "deposit");
    AtomicInteger n = new AtomicInteger();
    List<Object> outcomes = runConcurrently(10, () -> {
      try {
        return ledger.reverse(original.id(), "reversal-" + n.getAndIncrement(), "undo");
      } catch (TransactionStateException e) {
        return e;
      }
    });

    assertThat(outcomes).filteredOn(Transaction.class::isInstance).hasSize(1);
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("0.00"));
    assertThat(ledger).isBalanced();
  }

  @Test
  void aBatchWithOneRejectedPostingWritesNothing() {
    bank.depositCash(usd("50.00"), "deposit");
    long transactions = store.transactionCount();
    long entries = store.entryCount();
    Balance deposits = ledger.balance(bank.customerDeposits().id());

    assertThatThrownBy(() -> ledger.postAll(List.of(
        transfer("batch-1", bank.customerDeposits(), bank.cash(), "30.00"),
        transfer("batch-2", bank.customerDeposits(), bank.cash(), "30.00"))))
        .isInstanceOf(BalanceConstraintException.class)
        .hasMessageContaining("entries[0].accountId");

    assertThat(store.transactionCount()).isEqualTo(transactions);
    assertThat(store.entryCount()).isEqualTo(entries);
    assertThat(ledger.balance(bank.customerDeposits().id())).isEqualTo(deposits);
    assertThat(ledger).hasNoTransactionWithKey("batch-1").hasNoTransactionWithKey("batch-2");
  }

  @Test
  void aBatchPlansEachPostingAfterTheOnesBeforeIt() {
    bank.depositCash(usd("50.00"), "deposit");
    List<Transaction> booked = ledger.postAll(List.of(
        transfer("batch-1", bank.customerDeposits(), bank.cash(), "30.00"),
        transfer("batch-2", bank.customerDeposits(), bank.cash(), "20.00")));

    assertThat(booked).hasSize(2);
    assertThat(booked.get(1).entries().get(0).balanceAfter()).isEqualTo(usd("0.00"));
    assertThat(booked.get(1).entries().get(0).accountVersion()).isEqualTo(3);
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("0.00")).hasVersion(3);
  }

  @Test
  void aBatchWithAConflictingKeyWritesNothing() {
    bank.depositCash(usd("50.00"), "deposit");
    long entries = store.entryCount();

    assertThatThrownBy(() -> ledger.postAll(List.of(
        transfer("fresh", bank.customerDeposits(), bank.cash(), "1.00"),
        transfer("deposit", bank.customerDeposits(), bank.cash(), "2.00"))))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("idempotencyKey 'deposit'");

    assertThat(store.entryCount()).isEqualTo(entries);
    assertThat(ledger).hasNoTransactionWithKey("fresh");
    // The failed batch released its key: it can be booked now.
    assertThat(ledger.post(transfer("fresh", bank.customerDeposits(), bank.cash(), "1.00"))).isNotReplay();
  }

  @Test
  void aBatchReplaysKeysItAlreadyBooked() {
    Transaction first = ledger.post(transfer("one", bank.cash(), bank.equity(), "5.00"));
    List<Transaction> booked = ledger.postAll(List.of(
        transfer("one", bank.cash(), bank.equity(), "5.00"),
        transfer("two", bank.cash(), bank.equity(), "6.00")));

    assertThat(booked.get(0)).isReplay();
    assertThat(booked.get(0).id()).isEqualTo(first.id());
    assertThat(booked.get(1)).isNotReplay().isPosted();
    assertThat(ledger.balance(bank.cash().id())).hasPosted(usd("11.00"));
  }

  private StorePosting handMade(TransactionId id, String key) {
    Money amount = usd("1.00");
    return new StorePosting.NewTransaction(id, key, "hash-" + key, key,
        START.atZone(java.time.ZoneOffset.UTC).toLocalDate(), START, false, null, java.util.Map.of(),
        List.of(EntryRequest.debit(bank.cash().id(), amount), EntryRequest.credit(bank.equity().id(), amount)),
        IdGenerator.random());
  }

  @Test
  void aBatchThatReusesATransactionIdIsRejectedWhole() {
    TransactionId id = new TransactionId(UUID.randomUUID());
    assertThatThrownBy(() -> store.applyAll(List.of(handMade(id, "first"), handMade(id, "second"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("transactionId '" + id + "' is already used");
    assertThat(store.transactionCount()).isZero();
    assertThat(store.entryCount()).isZero();
    assertThat(store.findTransactionByKey("first")).isEmpty();

    store.apply(handMade(id, "first"));
    assertThatThrownBy(() -> store.apply(handMade(id, "again")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is already used");
    assertThat(store.transactionCount()).isEqualTo(1);
  }

  @Test
  void aRejectedPostingWritesNothingAndFreesItsKey() {
    long entries = store.entryCount();
    assertThatThrownBy(() -> bank.withdrawCash(usd("1.00"), "too-early"))
        .isInstanceOf(BalanceConstraintException.class);

    assertThat(store.entryCount()).isEqualTo(entries);
    assertThat(store.transactionCount()).isZero();
    assertThat(ledger).hasNoTransactionWithKey("too-early");
    bank.depositCash(usd("1.00"), "deposit");
    assertThat(bank.withdrawCash(usd("1.00"), "too-early")).isPosted().isNotReplay();
  }

  @Test
  void theReversedTransactionShowsItsReversal() {
    Transaction original = bank.depositCash(usd("12.00"), "deposit");
    Transaction reversal = ledger.reverse(original.id());

    assertThat(reversal).isPosted().reverses(original.id()).isNotReversed();
    assertThat(ledger.transaction(original.id()).orElseThrow()).isReversed();
    assertThat(ledger.transaction(original.id()).orElseThrow().reversedBy()).isEqualTo(reversal.id());
    assertThat(ledger.transactionByKey("deposit").orElseThrow().reversedBy()).isEqualTo(reversal.id());
    assertThat(ledger.reverse(original.id())).isReplay();
    assertThatThrownBy(() -> ledger.reverse(original.id(), "another-reversal", "again"))
        .isInstanceOf(TransactionStateException.class)
        .hasMessageContaining("was already reversed by " + reversal.id());
  }

  @Test
  void replayingAHoldAfterItWasCommittedReturnsItsCurrentState() {
    bank.depositCash(usd("100.00"), "deposit");
    Transaction hold = bank.holdPayment(usd("30.00"), "card-1", START.plus(Duration.ofDays(7)));
    ledger.commit(hold.id(), usd("25.00"));

    Transaction replay = bank.holdPayment(usd("30.00"), "card-1", START.plus(Duration.ofDays(7)));
    assertThat(replay).isReplay().isPosted().hasEntries(4).isBalanced();
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("75.00")).hasAvailable(usd("75.00"));
  }

  @Test
  void balanceAsOfSumsPostedEntriesUpToTheInstant() {
    bank.injectCapital(usd("1000.00"), "capital");
    for (int i = 1; i <= 100; i++) {
      clock.advance(Duration.ofMinutes(1));
      bank.depositCash(usd(i + ".00"), "deposit-" + i);
    }
    clock.advance(Duration.ofMinutes(1));
    bank.holdPayment(usd("5.00"), "hold", START.plus(Duration.ofDays(1)));
    Balance now = ledger.balance(bank.customerDeposits().id());

    Balance at = ledger.balanceAsOf(bank.customerDeposits().id(), START.plus(Duration.ofMinutes(10)));
    assertThat(at).hasPosted(usd("55.00")).hasPending(usd("0.00")).hasVersion(10);
    assertThat(ledger.balanceAsOf(bank.customerDeposits().id(), START.plus(Duration.ofSeconds(30))))
        .hasPosted(usd("0.00")).hasVersion(0);
    Balance latest = ledger.balanceAsOf(bank.customerDeposits().id(), START.plus(Duration.ofDays(1)));
    assertThat(latest).hasPosted(now.posted()).hasPending(usd("0.00")).hasVersion(100);
    assertThat(latest.postedCredits()).isEqualTo(now.postedCredits());
  }

  @Test
  void balanceAsOfStaysRightWhenTheClockWentBack() {
    clock.set(START.plus(Duration.ofHours(2)));
    bank.depositCash(usd("10.00"), "late");
    clock.set(START);
    bank.depositCash(usd("1.00"), "early");

    assertThat(ledger.balanceAsOf(bank.customerDeposits().id(), START.plus(Duration.ofHours(1))))
        .hasPosted(usd("1.00")).hasVersion(2);
    assertThat(ledger.balanceAsOf(bank.customerDeposits().id(), START.plus(Duration.ofHours(3))))
        .hasPosted(usd("11.00")).hasVersion(2);
    assertThat(ledger.balanceAsOf(bank.customerDeposits().id(), START.minus(Duration.ofHours(1))))
        .hasPosted(usd("0.00")).hasVersion(0);
  }

  @Test
  void statementPagesWalkTheRangeInBookingOrderWithoutGapsOrRepeats() {
    for (int i = 1; i <= 25; i++) {
      clock.advance(Duration.ofMinutes(1));
      bank.depositCash(usd(i + ".00"), "deposit-" + i);
    }
    Instant from = START.plus(Duration.ofMinutes(3));
    Instant to = START.plus(Duration.ofMinutes(23));

    List<Entry> seen = new ArrayList<>();
    PageRequest page = PageRequest.first(6);
    int pages = 0;
    while (true) {
      StatementPage p = ledger.statement(bank.customerDeposits().id(), from, to, page);
      seen.addAll(p.entries());
      pages++;
      if (!p.hasNext()) {
        break;
      }
      page = PageRequest.after(p.nextCursor(), 6);
    }

    assertThat(pages).isEqualTo(4);
    assertThat(seen).hasSize(20);
    assertThat(seen).extracting(e -> e.amount()).first().isEqualTo(usd("3.00"));
    assertThat(seen).extracting(Entry::accountVersion).isSorted().doesNotHaveDuplicates();
    assertThat(seen.get(19).balanceAfter()).isEqualTo(usd("253.00"));
  }

  @Test
  void statementsStayCompleteWhenTheClockWentBack() {
    clock.set(START.plus(Duration.ofHours(2)));
    bank.depositCash(usd("10.00"), "late");
    clock.set(START);
    bank.depositCash(usd("1.00"), "early");
    clock.set(START.plus(Duration.ofHours(3)));
    bank.depositCash(usd("100.00"), "later");

    StatementPage firstHours = ledger.statement(bank.customerDeposits().id(), START,
        START.plus(Duration.ofMinutes(150)), PageRequest.first(1));
    assertThat(firstHours.entries()).extracting(Entry::amount).containsExactly(usd("10.00"));
    StatementPage rest = ledger.statement(bank.customerDeposits().id(), START, START.plus(Duration.ofMinutes(150)),
        PageRequest.after(firstHours.nextCursor(), 5));
    assertThat(rest.entries()).extracting(Entry::amount).containsExactly(usd("1.00"));
    assertThat(rest.hasNext()).isFalse();
  }

  @Test
  void aCursorFromAnotherAccountOrStoreIsRejected() {
    for (int i = 1; i <= 3; i++) {
      bank.depositCash(usd(i + ".00"), "deposit-" + i);
    }
    Instant to = START.plusSeconds(1);
    String cursor = ledger.statement(bank.customerDeposits().id(), START, to, PageRequest.first(1)).nextCursor();
    assertThat(cursor).isNotNull();

    assertThatThrownBy(() -> ledger.statement(bank.cash().id(), START, to, PageRequest.after(cursor, 1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("page.cursor");
    Ledger other = TestLedgers.inMemory(clock);
    BankChart otherBank = BankChart.open(other, USD);
    assertThatThrownBy(() -> other.statement(otherBank.customerDeposits().id(), START, to,
        PageRequest.after(cursor, 1))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("page.cursor");
    String tampered = cursor.substring(0, cursor.length() - 1) + (cursor.endsWith("0") ? "1" : "0");
    assertThatThrownBy(() -> ledger.statement(bank.customerDeposits().id(), START, to,
        PageRequest.after(tampered, 1))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("page.cursor");
    assertThatThrownBy(() -> ledger.statement(bank.customerDeposits().id(), START, to,
        PageRequest.after("not-a-cursor", 1))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("page.cursor 'not-a-cursor'");
  }

  @Test
  void expiredHoldsAreListedOldestExpiryFirstAndSettledOnesDropOut() {
    bank.depositCash(usd("100.00"), "deposit");
    Transaction late = bank.holdPayment(usd("1.00"), "late", START.plus(Duration.ofHours(3)));
    Transaction early = bank.holdPayment(usd("1.00"), "early", START.plus(Duration.ofHours(1)));
    Transaction middle = bank.holdPayment(usd("1.00"), "middle", START.plus(Duration.ofHours(2)));
    bank.holdPayment(usd("1.00"), "future", START.plus(Duration.ofDays(3)));

    Instant now = START.plus(Duration.ofHours(5));
    assertThat(store.findExpiredHolds(now, 10)).containsExactly(early.id(), middle.id(), late.id());
    assertThat(store.findExpiredHolds(now, 2)).containsExactly(early.id(), middle.id());
    ledger.commit(middle.id());
    ledger.voidPending(early.id());
    assertThat(store.findExpiredHolds(now, 10)).containsExactly(late.id());
    assertThatThrownBy(() -> store.findExpiredHolds(now, 0)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("limit '0'");
  }

  @Test
  void aJobLockHeldOnAnotherThreadTurnsTheSecondHolderAwayUntilReleased() throws Exception {
    pool = Executors.newSingleThreadExecutor();
    JobLock held = pool.submit(() -> store.jobRuns().tryLock("job").orElseThrow()).get(10, TimeUnit.SECONDS);

    assertThat(store.jobRuns().tryLock("job")).isEmpty();
    try (JobLock other = store.jobRuns().tryLock("other-job").orElseThrow()) {
      assertThat(other.job()).isEqualTo("other-job");
    }
    held.close();
    try (JobLock again = store.jobRuns().tryLock("job").orElseThrow()) {
      assertThat(again.job()).isEqualTo("job");
    }
  }

  @Test
  void integrityCheckCountsEverythingItChecked() {
    bank.injectCapital(usd("100.00"), "capital");
    bank.depositCash(usd("10.00"), "deposit");
    Transaction hold = bank.holdPayment(usd("1.00"), "hold", START.plusSeconds(60));
    ledger.commit(hold.id());

    var report = ledger.checkIntegrity();
    assertThat(report.ok()).isTrue();
    assertThat(report.transactionsChecked()).isEqualTo(3);
    assertThat(report.entriesChecked()).isEqualTo(8);
    assertThat(store.entryCount()).isEqualTo(8);
  }

  @Test
  void nullArgumentsAreRejectedWithTheFieldName() {
    assertThatThrownBy(() -> store.apply(null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("posting");
    assertThatThrownBy(() -> store.findBalance(null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("accountId");
    assertThatThrownBy(() -> store.balanceAsOf(bank.cash().id(), null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("asOf");
    assertThatThrownBy(() -> store.jobRuns().tryLock(" ")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("name");
  }

  @Test
  void aDuplicateAccountCodeIsRejected() {
    assertThatThrownBy(() -> ledger.openAccount(NewAccount.builder().code("1000").name("Other cash")
        .type(AccountType.ASSET).currency(USD).build()))
        .isInstanceOf(io.github.corebanking.ledger.DuplicateAccountException.class)
        .hasMessageContaining("account.code '1000'");
    assertThat(ledger.accounts()).hasSize(10);
  }

  @Test
  void transactionsAreFoundByIdAndKey() {
    Transaction t = bank.depositCash(usd("3.00"), "deposit");
    assertThat(ledger.transaction(t.id())).contains(t);
    assertThat(ledger.transactionByKey("deposit")).contains(t);
    assertThat(ledger.transaction(new TransactionId(java.util.UUID.randomUUID()))).isEmpty();
    assertThat(ledger.transactionByKey("missing")).isEmpty();
    Set<String> codes = new HashSet<>();
    ledger.accounts().forEach(a -> codes.add(a.code()));
    assertThat(codes).contains("1000", "2100", "5100");
  }
}
