package io.github.corebanking.ledger.testkit;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRuleException;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.RuleDecision;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The builder's settings take effect in the ledger it builds, over a real store. */
class LedgerWiringTest {

  private final MutableClock clock = MutableClock.at("2026-01-31T23:30:00Z");
  private final InMemoryLedgerStore store = new InMemoryLedgerStore();

  private static Money usd(String amount) {
    return Money.of(amount, CurrencyUnit.USD);
  }

  @Test
  void theValueDateIsTheBookingInstantsDateInTheBanksZone() {
    Ledger paris = Ledger.builder().store(store).clock(clock).zone(ZoneId.of("Europe/Paris")).build();
    BankChart bank = BankChart.open(paris, CurrencyUnit.USD);
    Transaction t = bank.injectCapital(usd("1.00"), "capital");
    assertThat(t.postedAt()).isEqualTo(Instant.parse("2026-01-31T23:30:00Z"));
    assertThat(t.effectiveDate()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(paris.account(bank.cash().id()).createdAt()).isEqualTo(clock.instant());
  }

  @Test
  void idsComeFromTheConfiguredGenerator() {
    AtomicLong next = new AtomicLong(1);
    Ledger ledger = Ledger.builder().store(store).clock(clock).idGenerator(() -> new UUID(0, next.getAndIncrement()))
        .build();
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    assertThat(bank.cash().id()).isEqualTo(new AccountId(new UUID(0, 1)));
    Transaction t = bank.injectCapital(usd("1.00"), "capital");
    // The transaction id, then its two entries' ids as the store plans them.
    assertThat(t.id().value()).isEqualTo(new UUID(0, 11));
    assertThat(t.entries()).extracting(e -> e.id().value()).containsExactly(new UUID(0, 12), new UUID(0, 13));
  }

  @Test
  void listenersHearOfAccountsTransactionsAndRejectionsButNotReplays() {
    List<String> heard = new ArrayList<>();
    LedgerListener recorder = new LedgerListener() {
      @Override
      public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
        heard.add("transaction " + transaction.idempotencyKey() + " with " + balancesAfter.size() + " balances");
      }

      @Override
      public void onAccount(Account account) {
        heard.add("account " + account.code());
      }

      @Override
      public void onRejected(String operation, RuntimeException error) {
        heard.add("rejected " + operation + ": " + error.getClass().getSimpleName());
      }
    };
    LedgerListener broken = new LedgerListener() {
      @Override
      public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
        throw new IllegalStateException("outbox down");
      }
    };
    Ledger ledger = Ledger.builder().store(store).clock(clock).listener(broken).listener(recorder).build();
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    bank.depositCash(usd("5.00"), "deposit");
    bank.depositCash(usd("5.00"), "deposit");
    assertThatThrownBy(() -> bank.withdrawCash(usd("6.00"), "too-much"))
        .isInstanceOf(BalanceConstraintException.class);

    assertThat(heard).hasSize(12);
    assertThat(heard.subList(10, 12)).containsExactly("transaction deposit with 2 balances",
        "rejected post: BalanceConstraintException");
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("5.00"));
  }

  @Test
  void everyRuleRunsInTheOrderAddedAndEveryListenerHearsAPosting() {
    List<String> ran = new ArrayList<>();
    List<String> heard = new ArrayList<>();
    Ledger ledger = Ledger.builder().store(store).clock(clock)
        .rule((request, accounts) -> {
          ran.add("first " + request.idempotencyKey());
          return RuleDecision.accept();
        })
        .rule((request, accounts) -> {
          ran.add("second " + request.idempotencyKey());
          return RuleDecision.accept();
        })
        .listener(new LedgerListener() {
          @Override
          public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
            heard.add("one " + transaction.idempotencyKey());
          }
        })
        .listener(new LedgerListener() {
          @Override
          public void onTransaction(Transaction transaction, List<Balance> balancesAfter) {
            heard.add("two " + transaction.idempotencyKey());
          }
        })
        .build();
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    bank.injectCapital(usd("1.00"), "capital");

    assertThat(ran).containsExactly("first capital", "second capital");
    assertThat(heard).containsExactlyInAnyOrder("one capital", "two capital");
  }

  @Test
  void rulesRejectBeforeTheStoreIsTouched() {
    Ledger ledger = Ledger.builder().store(store).clock(clock)
        .rule((request, accounts) -> request.description().contains("forbidden")
            ? RuleDecision.reject("description", request.description(), "is not allowed")
            : RuleDecision.accept())
        .build();
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    assertThatThrownBy(() -> bank.injectCapital(usd("1.00"), "forbidden-capital"))
        .isInstanceOf(PostingRuleException.class)
        .hasMessageContaining("description 'forbidden-capital' is not allowed");
    assertThat(store.transactionCount()).isZero();
  }

  @Test
  void theBalanceCacheIsFedAfterEveryCommitAndReadThrough() {
    Map<AccountId, Balance> cached = new ConcurrentHashMap<>();
    BalanceCache cache = new BalanceCache() {
      @Override
      public Balance get(AccountId id, Function<AccountId, Balance> loader) {
        return cached.computeIfAbsent(id, loader);
      }

      @Override
      public void put(Balance balance) {
        cached.merge(balance.accountId(), balance, (old, b) -> b.version() > old.version() ? b : old);
      }

      @Override
      public void invalidate(AccountId id) {
        cached.remove(id);
      }

      @Override
      public void clearAll() {
        cached.clear();
      }
    };
    Ledger ledger = Ledger.builder().store(store).clock(clock).balanceCache(cache).build();
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    bank.injectCapital(usd("7.00"), "capital");

    assertThat(cached.get(bank.cash().id())).hasPosted(usd("7.00")).hasVersion(1);
    assertThat(ledger.balance(bank.cash().id())).isEqualTo(cached.get(bank.cash().id()));
    assertThat(ledger.balance(bank.cash().id())).isEqualTo(store.findBalance(bank.cash().id()).orElseThrow());
  }
}
