package io.github.corebanking.ledger.testkit;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThatThrownBy;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TestLedgersTest {

  @Test
  void aLedgerWithoutAClockBooksAtTheSystemTime() {
    Instant before = Instant.now();
    Ledger ledger = TestLedgers.inMemory();
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    Transaction t = bank.injectCapital(bank.money("1.00"), "capital");
    assertThat(t.postedAt()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
  }

  @Test
  void aLedgerBooksAtItsMutableClock() {
    MutableClock clock = MutableClock.at("2026-01-31T23:30:00Z");
    Ledger ledger = TestLedgers.inMemory(clock);
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    Transaction first = bank.injectCapital(bank.money("1.00"), "first");
    clock.advance(Duration.ofHours(1));
    Transaction second = bank.injectCapital(bank.money("1.00"), "second");

    assertThat(first.postedAt()).isEqualTo(Instant.parse("2026-01-31T23:30:00Z"));
    assertThat(first.effectiveDate()).isEqualTo(LocalDate.of(2026, 1, 31));
    assertThat(second.effectiveDate()).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(ledger.balanceAsOf(bank.cash().id(), Instant.parse("2026-02-01T00:00:00Z")))
        .hasPosted(bank.money("1.00"));
  }

  @Test
  void eachLedgerHasItsOwnStore() {
    Ledger one = TestLedgers.inMemory(Clock.systemUTC());
    Ledger two = TestLedgers.inMemory(Clock.systemUTC());
    BankChart.open(one, CurrencyUnit.USD);
    assertThat(two.accounts()).isEmpty();
    assertThat(BankChart.open(two, CurrencyUnit.USD).cash().code()).isEqualTo("1000");
  }

  @Test
  void aGivenStoreIsTheOneWrittenTo() {
    InMemoryLedgerStore store = new InMemoryLedgerStore();
    Ledger ledger = TestLedgers.inMemory(store, Clock.systemUTC());
    BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
    bank.injectCapital(bank.money("5.00"), "capital");
    assertThat(store.transactionCount()).isEqualTo(1);
    assertThat(store.entryCount()).isEqualTo(2);
  }

  @Test
  void missingPartsAreRefused() {
    assertThatThrownBy(() -> TestLedgers.inMemory((Clock) null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("clock null must not be null");
    assertThatThrownBy(() -> TestLedgers.inMemory(null, Clock.systemUTC()))
        .isInstanceOf(InvalidRequestException.class).hasMessage("store null must not be null");
  }
}
