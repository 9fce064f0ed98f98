package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import java.time.Clock;

/**
 * Ready ledgers for tests, in one line.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at("2026-01-31T10:00:00Z");
 * Ledger ledger = TestLedgers.inMemory(clock);
 * BankChart usd = BankChart.open(ledger, CurrencyUnit.USD);
 * }</pre>
 *
 * <p>Every ledger built here owns its store: closing the ledger closes the store.
 */
public final class TestLedgers {

  private TestLedgers() {}

  /**
   * A ledger over a fresh {@link InMemoryLedgerStore}, booking with the system clock in UTC.
   *
   * @return the ledger
   */
  public static Ledger inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /**
   * A ledger over a fresh {@link InMemoryLedgerStore}, booking with the given clock (typically a
   * {@link MutableClock}).
   *
   * @param clock the booking clock
   * @return the ledger
   */
  public static Ledger inMemory(Clock clock) {
    return inMemory(new InMemoryLedgerStore(), clock);
  }

  /**
   * A ledger over a store the test keeps a handle on, for instance to count what was written.
   *
   * @param store the store
   * @param clock the booking clock
   * @return the ledger
   */
  public static Ledger inMemory(InMemoryLedgerStore store, Clock clock) {
    if (store == null) {
      throw new InvalidRequestException("store", null, "must not be null");
    }
    if (clock == null) {
      throw new InvalidRequestException("clock", null, "must not be null");
    }
    return Ledger.builder().store(store).clock(clock).closeStoreOnClose(true).build();
  }
}
