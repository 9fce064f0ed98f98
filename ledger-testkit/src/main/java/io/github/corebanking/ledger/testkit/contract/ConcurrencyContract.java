package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rules hold under concurrent callers. */
abstract class ConcurrencyContract extends ContractSupport {

  ConcurrencyContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  @Timeout(60)
  void fiftyConcurrentRepeatsOfOneKeyBookOneTransaction() throws Exception {
    Book book = openBook();
    PostingRequest request = transfer("same-key", book.cash(), book.capital(), usd("10.00"));

    List<Outcome<Transaction>> outcomes = runConcurrently(50, i -> () -> ledger.post(request));

    assertThat(errors(outcomes)).isEmpty();
    List<Transaction> results = values(outcomes);
    assertThat(results).hasSize(50);
    assertThat(results).extracting(Transaction::id).containsOnly(results.get(0).id());
    assertThat(results).filteredOn(t -> !t.replayed()).hasSize(1);
    assertBalance(book.cash(), 1_000, 0, 0, 0, 1);
    assertBalance(book.capital(), 0, 1_000, 0, 0, 1);
    IntegrityReport report = ledger.checkIntegrity();
    assertThat(report.ok()).isTrue();
    assertThat(report.transactionsChecked()).isEqualTo(1);
    assertThat(report.entriesChecked()).isEqualTo(2);
  }

  @Test
  @Timeout(60)
  void concurrentTransfersConserveMoneyAndRespectConstraints() throws Exception {
    Book book = openBook();
    int accountCount = 10;
    List<Account> customers = new ArrayList<>();
    Map<AccountId, Long> expected = new HashMap<>();
    for (int i = 0; i < accountCount; i++) {
      CurrencyUnit currency = i < 6 ? USD : EUR;
      Account a = openAccount("2" + (500 + i), "Customer " + i, AccountType.LIABILITY, currency, i % 2 == 0, false);
      customers.add(a);
      post("open-" + i, currency == USD ? book.capital() : book.eurCapital(), a, Money.ofMinor(30_000, currency));
      expected.put(a.id(), 30_000L);
    }
    int threads = 8;
    int transfersPerThread = 200;

    List<Outcome<List<long[]>>> outcomes = runConcurrently(threads, thread -> () -> {
      Random random = new Random(7919L * (thread + 1));
      List<long[]> accepted = new ArrayList<>();
      for (int n = 0; n < transfersPerThread; n++) {
        int from = random.nextInt(accountCount);
        int group = from < 6 ? 0 : 6;
        int size = from < 6 ? 6 : 4;
        int to = group + random.nextInt(size - 1);
        if (to >= from) {
          to++;
        }
        long minor = 100 + random.nextInt(20_000);
        Account debit = customers.get(from);
        Account credit = customers.get(to);
        try {
          ledger.post(transfer("t-" + thread + "-" + n, debit, credit, Money.ofMinor(minor, debit.currency())));
          accepted.add(new long[] {from, to, minor});
        } catch (BalanceConstraintException rejected) {
          accepted.add(new long[] {from, to, -minor});
        }
      }
      return accepted;
    });

    assertThat(errors(outcomes)).as("only constraint rejections are allowed").isEmpty();
    int acceptedCount = 0;
    int rejectedCount = 0;
    for (List<long[]> done : values(outcomes)) {
      for (long[] t : done) {
        if (t[2] > 0) {
          acceptedCount++;
          AccountId from = customers.get((int) t[0]).id();
          AccountId to = customers.get((int) t[1]).id();
          expected.merge(from, -t[2], Long::sum);
          expected.merge(to, t[2], Long::sum);
        } else {
          rejectedCount++;
        }
      }
    }
    assertThat(acceptedCount + rejectedCount).isEqualTo(threads * transfersPerThread);
    assertThat(acceptedCount).isPositive();
    assertThat(rejectedCount).as("the flagged accounts must have turned some transfers away").isPositive();

    Map<CurrencyUnit, Long> totals = new HashMap<>();
    long acceptedPostings = acceptedCount;
    for (Account a : customers) {
      Balance b = ledger.balance(a.id());
      assertThat(b.posted().minorUnits()).as("balance of %s", a.code()).isEqualTo(expected.get(a.id()));
      assertThat(b.pendingDebits() + b.pendingCredits()).isZero();
      if (a.debitsMustNotExceedCredits()) {
        assertThat(b.postedDebits()).as("debits of no-overdraft %s", a.code()).isLessThanOrEqualTo(b.postedCredits());
      }
      totals.merge(a.currency(), b.posted().minorUnits(), Long::sum);
      List<Entry> statement = fullStatement(a.id(), BEGINNING, END);
      assertThat((long) statement.size()).as("one entry per version of %s", a.code()).isEqualTo(b.version());
      assertThat(statement.get(statement.size() - 1).balanceAfter()).isEqualTo(b.posted());
      assertRunningBalances(a, Money.zero(a.currency()), statement);
    }
    assertThat(totals).containsEntry(USD, 6 * 30_000L).containsEntry(EUR, 4 * 30_000L);
    IntegrityReport report = ledger.checkIntegrity();
    assertThat(report.ok()).as("%s", report).isTrue();
    assertThat(report.transactionsChecked()).isEqualTo(accountCount + acceptedPostings);
    assertThat(ledger.trialBalance().balanced()).isTrue();
  }

  @Test
  @Timeout(60)
  void concurrentDebitsCannotOverdrawAnAccount() throws Exception {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));

    List<Outcome<Transaction>> outcomes = runConcurrently(20,
        i -> () -> ledger.post(transfer("spend-" + i, book.deposit(), book.cash(), usd("10.00"))));

    assertThat(values(outcomes)).hasSize(10);
    assertThat(errors(outcomes)).hasSize(10).allMatch(e -> e instanceof BalanceConstraintException);
    assertBalance(book.deposit(), 10_000, 10_000, 0, 0, 11);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  @Timeout(60)
  void concurrentCommitAndVoidSettleAHoldOnce() throws Exception {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("1000.00"));
    int holds = 10;
    List<Transaction> held = new ArrayList<>();
    for (int i = 0; i < holds; i++) {
      held.add(hold("auth-" + i, book.deposit(), book.settlement(), usd("10.00"), null));
    }

    List<Outcome<Transaction>> outcomes = runConcurrently(2 * holds, i -> () -> i % 2 == 0
        ? ledger.commit(held.get(i / 2).id())
        : ledger.voidPending(held.get(i / 2).id()));

    long committed = 0;
    for (int h = 0; h < holds; h++) {
      Outcome<Transaction> commit = outcomes.get(2 * h);
      Outcome<Transaction> voiding = outcomes.get(2 * h + 1);
      assertThat(commit.succeeded() ^ voiding.succeeded()).as("exactly one settles hold %d", h).isTrue();
      Outcome<Transaction> loser = commit.succeeded() ? voiding : commit;
      assertThat(loser.error()).isInstanceOf(TransactionStateException.class);
      TransactionStatus expectedStatus = commit.succeeded() ? TransactionStatus.POSTED : TransactionStatus.VOIDED;
      assertThat(status(held.get(h))).isEqualTo(expectedStatus);
      committed += commit.succeeded() ? 1 : 0;
    }
    Balance deposit = ledger.balance(book.deposit().id());
    assertThat(deposit.pendingDebits()).isZero();
    assertThat(deposit.postedDebits()).isEqualTo(committed * 1_000);
    assertThat(deposit.version()).isEqualTo(1 + 2L * holds);
    assertThat(ledger.balance(book.settlement().id()).postedCredits()).isEqualTo(committed * 1_000);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  @Timeout(60)
  void concurrentReversalsReverseOnce() throws Exception {
    Book book = openBook();
    Transaction fee = post("fee", book.cash(), book.fees(), usd("2.50"));

    List<Outcome<Transaction>> outcomes = runConcurrently(8,
        i -> () -> ledger.reverse(fee.id(), "reverse-" + i, "Reversal attempt " + i));

    assertThat(values(outcomes)).hasSize(1);
    assertThat(errors(outcomes)).hasSize(7).allMatch(e -> e instanceof TransactionStateException);
    Transaction reversal = values(outcomes).get(0);
    assertThat(ledger.transaction(fee.id()).orElseThrow().reversedBy()).isEqualTo(reversal.id());
    assertBalance(book.fees(), 250, 250, 0, 0, 2);
    assertThat(ledger.checkIntegrity().transactionsChecked()).isEqualTo(2);
  }

  @Test
  @Timeout(60)
  void concurrentOpeningOfOneCodeCreatesOneAccount() throws Exception {
    List<Outcome<Account>> outcomes = runConcurrently(10, i -> () -> ledger.openAccount(NewAccount.builder()
        .code("7000").name("Contested " + i).type(AccountType.ASSET).currency(USD).build()));

    assertThat(values(outcomes)).hasSize(1);
    assertThat(errors(outcomes)).hasSize(9).allMatch(e -> e instanceof DuplicateAccountException);
    assertThat(ledger.accounts()).containsExactly(values(outcomes).get(0));
  }
}
