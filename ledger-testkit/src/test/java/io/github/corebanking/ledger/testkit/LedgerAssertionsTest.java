package io.github.corebanking.ledger.testkit;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThatAccount;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LedgerAssertionsTest {

  private static final Instant START = Instant.parse("2026-01-31T10:00:00Z");
  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private final MutableClock clock = MutableClock.at(START);
  private final Ledger ledger = TestLedgers.inMemory(clock);
  private final BankChart bank = BankChart.open(ledger, USD);

  private static Money usd(String amount) {
    return Money.of(amount, USD);
  }

  @Test
  void aLedgerWithBalancedBooksPasses() {
    bank.injectCapital(usd("100.00"), "capital");
    bank.depositCash(usd("40.00"), "deposit");
    assertThat(ledger).isBalanced().hasTransactionWithKey("capital").hasNoTransactionWithKey("nothing");
  }

  @Test
  void anUnbalancedLedgerFailsListingTotalsAndOffendingIds() {
    InMemoryLedgerStore real = new InMemoryLedgerStore();
    TransactionId broken = new TransactionId(UUID.randomUUID());
    EntryId orphan = new EntryId(UUID.randomUUID());
    Ledger corrupt = Ledger.builder().store(corruptIntegrity(real, broken, orphan)).clock(clock).build();
    BankChart corruptBank = BankChart.open(corrupt, USD);
    corruptBank.depositCash(usd("40.00"), "deposit");

    assertThatThrownBy(() -> assertThat(corrupt).isBalanced())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting the ledger to be balanced")
        .hasMessageContaining("USD: debits 40.00, credits 40.00")
        .hasMessageContaining("unbalanced currencies: [USD]")
        .hasMessageContaining("unbalanced transactions: [" + broken + "]")
        .hasMessageContaining("orphan entries: [" + orphan + "]")
        .hasMessageContaining("account " + corruptBank.cash().id() + ": stored posted debits 40.00")
        .hasMessageContaining("from entries posted debits 41.00");
  }

  /** The real store, except that its integrity check reports every kind of problem. */
  private static LedgerStore corruptIntegrity(InMemoryLedgerStore real, TransactionId broken, EntryId orphan) {
    return (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("checkIntegrity")) {
            Balance stored = real.listAccounts().stream().filter(a -> a.code().equals("1000"))
                .map(a -> real.findBalance(a.id()).orElseThrow()).findFirst().orElseThrow();
            Balance expected = new Balance(stored.accountId(), stored.currency(), stored.normalSide(),
                stored.postedDebits() + 100, stored.postedCredits(), 0, 0, stored.version());
            return new IntegrityReport((Instant) args[0], List.of(USD), List.of(broken), List.of(orphan),
                List.of(new IntegrityReport.CounterMismatch(stored.accountId(), stored, expected)), 1, 2);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void balanceAssertionsReadTheDerivedValues() {
    bank.depositCash(usd("100.00"), "deposit");
    bank.holdPayment(usd("30.00"), "card", START.plus(Duration.ofDays(1)));

    assertThat(ledger.balance(bank.customerDeposits().id()))
        .hasPosted(usd("100.00")).hasPending(usd("-30.00")).hasAvailable(usd("70.00")).hasVersion(2);
    assertThatAccount(ledger, bank.cash().id()).hasPosted(usd("100.00")).hasPending(usd("-30.00")).hasAvailable(usd("70.00"));
    assertThat(ledger).account(bank.equity().id()).isZero();
  }

  @Test
  void aBalanceMismatchShowsAllCounters() {
    bank.depositCash(usd("100.00"), "deposit");
    AccountId deposits = bank.customerDeposits().id();

    assertThatThrownBy(() -> assertThat(ledger.balance(deposits)).hasPosted(usd("99.00")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting posted balance of account " + deposits + " to be <99.00 USD> but was <100.00 USD>")
        .hasMessageContaining("posted debits 0.00, posted credits 100.00, pending debits 0.00, pending credits 0.00")
        .hasMessageContaining("normal side CREDIT, version 1");
    assertThatThrownBy(() -> assertThat(ledger.balance(deposits)).hasAvailable(usd("1.00")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("available balance");
    assertThatThrownBy(() -> assertThat(ledger.balance(deposits)).hasPending(usd("1.00")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("pending balance");
    assertThatThrownBy(() -> assertThat(ledger.balance(deposits)).isZero())
        .isInstanceOf(AssertionError.class).hasMessageContaining("to have a zero balance");
    assertThatThrownBy(() -> assertThat(ledger.balance(deposits)).hasVersion(5))
        .isInstanceOf(AssertionError.class).hasMessageContaining("to be at version 5 but was 1");
    assertThatThrownBy(() -> assertThat(ledger.balance(deposits)).hasPosted(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("expected");
  }

  @Test
  void transactionAssertionsFollowTheLifecycle() {
    bank.depositCash(usd("100.00"), "deposit");
    Transaction hold = bank.holdPayment(usd("30.00"), "card", START.plus(Duration.ofDays(1)));
    assertThat(hold).isPending().isBalanced().hasEntries(2).isNotReplay().isNotReversed();

    Transaction committed = ledger.commit(hold.id(), usd("20.00"));
    assertThat(committed).isPosted().isBalanced().hasEntries(4);
    Transaction reversal = ledger.reverse(committed.id());
    assertThat(reversal).isPosted().reverses(committed.id()).isBalanced();
    assertThat(ledger.transaction(committed.id()).orElseThrow()).isReversed();
    assertThat(bank.holdPayment(usd("30.00"), "card", START.plus(Duration.ofDays(1)))).isReplay().isReversed();

    Transaction other = bank.holdPayment(usd("5.00"), "card-2", START.plus(Duration.ofDays(1)));
    assertThat(ledger.voidPending(other.id())).isVoided().hasStatus(TransactionStatus.VOIDED);
  }

  @Test
  void aTransactionFailureListsItsEntries() {
    bank.depositCash(usd("100.00"), "deposit");
    Transaction hold = bank.holdPayment(usd("30.00"), "card", START.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> assertThat(hold).isPosted())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting transaction " + hold.id() + " to be POSTED but was PENDING")
        .hasMessageContaining("key 'card' PENDING")
        .hasMessageContaining("#0 account " + bank.customerDeposits().id() + " DEBIT  30.00 USD pending")
        .hasMessageContaining("#1 account " + bank.cash().id() + " CREDIT 30.00 USD pending");
    assertThatThrownBy(() -> assertThat(hold).hasEntries(3))
        .isInstanceOf(AssertionError.class).hasMessageContaining("to have 3 entries but it has 2");
    assertThatThrownBy(() -> assertThat(hold).isReplay())
        .isInstanceOf(AssertionError.class).hasMessageContaining("to be a replay");
    assertThatThrownBy(() -> assertThat(hold).isReversed())
        .isInstanceOf(AssertionError.class).hasMessageContaining("to be reversed");
    assertThatThrownBy(() -> assertThat(hold).isVoided())
        .isInstanceOf(AssertionError.class).hasMessageContaining("to be VOIDED");
  }

  @Test
  void anUnbalancedTransactionValueFailsIsBalanced() {
    Transaction t = ledger.post(io.github.corebanking.ledger.PostingRequest.builder().idempotencyKey("k")
        .debit(bank.cash().id(), usd("5.00")).credit(bank.equity().id(), usd("5.00")).build());
    List<Entry> entries = new ArrayList<>(t.entries());
    Entry first = entries.get(0);
    entries.set(0, new Entry(first.id(), first.transactionId(), first.ordinal(), first.accountId(), Side.DEBIT,
        usd("6.00"), false, first.postedAt(), first.balanceAfter(), first.accountVersion(), first.hash()));
    Transaction lopsided = new Transaction(t.id(), t.idempotencyKey(), t.description(), LocalDate.of(2026, 1, 31),
        t.postedAt(), t.status(), entries, Map.of(), null, null, null, false, t.digest());

    assertThat(t).isBalanced();
    assertThatThrownBy(() -> assertThat(lopsided).isBalanced())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("its posted USD entries have debits 6.00 and credits 5.00");
  }

  @Test
  void plainAssertJStillWorksThroughTheSameImport() {
    assertThat(List.of(1, 2, 3)).hasSize(3).contains(2);
    assertThat("ledger").startsWith("led");
  }
}
