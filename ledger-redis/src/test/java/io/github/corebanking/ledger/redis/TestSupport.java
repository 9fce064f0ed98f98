package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.fail;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Helpers shared by the tests of this module. */
final class TestSupport {

  private TestSupport() {}

  /** @return a prefix no other test class uses: {@code test:<name>:<random>:} */
  static String freshPrefix(String name) {
    return "test:" + name + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ":";
  }

  /** Waits until the condition holds, failing with the description after the timeout. */
  static void eventually(Duration timeout, String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + timeout + ": " + description);
      }
      sleep(1);
    }
  }

  /** Waits until the supplier's value passes, and returns how long it took. */
  static <T> Duration timeUntil(Duration timeout, String description, Supplier<T> supplier,
      java.util.function.Predicate<T> passes) {
    long start = System.nanoTime();
    eventually(timeout, description, () -> passes.test(supplier.get()));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Balance balance(AccountId id, long debits, long version) {
    return new Balance(id, CurrencyUnit.USD, Side.DEBIT, debits, 0, 0, 0, version);
  }

  static AccountId randomAccount() {
    return new AccountId(UUID.randomUUID());
  }

  static Account open(Ledger ledger, String code, AccountType type) {
    return ledger.openAccount(NewAccount.builder().code(code).name("Account " + code).type(type)
        .currency(CurrencyUnit.USD).build());
  }

  static PostingRequest transfer(String key, AccountId debit, AccountId credit, long cents) {
    Money amount = Money.ofMinor(cents, CurrencyUnit.USD);
    return PostingRequest.builder().idempotencyKey(key).description("transfer " + key)
        .debit(debit, amount).credit(credit, amount).build();
  }
}
