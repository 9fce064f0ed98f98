package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link LedgerStore} must show: the posting rules, idempotency, two-phase
 * holds, reversals, append-only history, rejections that write nothing, atomic batches,
 * concurrency, reads by booking time and by value date, job locks, period close, year-end close, history
 * import and categories with their rollups. A store
 * is correct when a test class extending this one,
 * unchanged, passes.
 *
 * <pre>{@code
 * class InMemoryLedgerStoreContractTest extends LedgerStoreContract {
 *   protected LedgerStore newStore() {
 *     return new InMemoryLedgerStore();
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #newStore()} is called before each test and must return a fresh, empty store (for a
 * database, a fresh schema); {@link #releaseStore(LedgerStore)} is called after it. Each test
 * builds its own {@link Ledger} over that store with a {@link MutableClock}, so everything that
 * depends on time is deterministic. The tests use only the public {@link Ledger} API, the
 * {@link LedgerStore} SPI and the job package. Concurrency tests keep to a few thousand postings so
 * that the suite stays quick against a real database.
 *
 * <p>The suite is composed of topics, one {@code @Nested} class each, so a failure names its topic
 * ({@code LedgerStoreContract$TwoPhase}) and its file ({@code TwoPhaseContract.java}). A topic's
 * tests live in a package-private class {@code <Topic>Contract} in this package, which extends
 * {@code ContractSupport}: that class holds the fixtures every topic shares (the test's ledger,
 * store and clock, a chart of accounts, posting shorthands, the "rejected and wrote nothing" check,
 * the concurrency gate). A new test goes into the file of its topic; a new topic is a new {@code
 * <Topic>Contract extends ContractSupport} plus one nested class below, and a helper that two topics
 * need goes into {@code ContractSupport}, never into a topic.
 */
public abstract class LedgerStoreContract {

  /** Where every test's clock starts; accounts are opened at this instant. */
  protected static final Instant START = Instant.parse("2026-01-15T09:00:00Z");

  private LedgerStore store;
  private MutableClock clock;
  private Ledger ledger;

  /** Creates a contract; subclasses supply the store. */
  protected LedgerStoreContract() {}

  /**
   * Creates the store under test. Called before each test.
   *
   * @return a fresh, empty store
   */
  protected abstract LedgerStore newStore();

  /**
   * Releases a store after its test. The default closes it; a database-backed store may also drop
   * its schema here.
   *
   * @param store the store {@link #newStore()} returned for the test
   */
  protected void releaseStore(LedgerStore store) {
    store.close();
  }

  /** Builds the test's ledger over a fresh store and a clock standing at {@link #START}. */
  @BeforeEach
  protected final void openLedger() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
    clock = MutableClock.at(START);
    ledger = Ledger.builder().store(store).clock(clock).build();
  }

  /** Closes the ledger and hands the store to {@link #releaseStore(LedgerStore)}. */
  @AfterEach
  protected final void closeLedger() {
    try {
      if (ledger != null) {
        ledger.close();
      }
    } finally {
      if (store != null) {
        releaseStore(store);
      }
    }
  }

  /** @return the ledger of the running test */
  protected final Ledger ledger() {
    return ledger;
  }

  /** @return the store of the running test */
  protected final LedgerStore store() {
    return store;
  }

  /** @return the clock of the running test */
  protected final MutableClock clock() {
    return clock;
  }

  @Nested
  class PostingRules extends PostingRulesContract {
    PostingRules() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Accounts extends AccountsContract {
    Accounts() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class BalanceConstraints extends BalanceConstraintsContract {
    BalanceConstraints() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Idempotency extends IdempotencyContract {
    Idempotency() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class TwoPhase extends TwoPhaseContract {
    TwoPhase() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Reversal extends ReversalContract {
    Reversal() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class AppendOnly extends AppendOnlyContract {
    AppendOnly() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class BadInput extends BadInputContract {
    BadInput() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class HostileInput extends HostileInputContract {
    HostileInput() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Batches extends BatchesContract {
    Batches() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    Concurrency() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Balances extends BalancesContract {
    Balances() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class BalanceAsOf extends BalanceAsOfContract {
    BalanceAsOf() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Statements extends StatementsContract {
    Statements() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class TrialBalances extends TrialBalancesContract {
    TrialBalances() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Transactions extends TransactionsContract {
    Transactions() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class HashChains extends HashChainContract {
    HashChains() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Integrity extends IntegrityContract {
    Integrity() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Jobs extends JobsContract {
    Jobs() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class PeriodClose extends PeriodCloseContract {
    PeriodClose() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class ValueDates extends ValueDatesContract {
    ValueDates() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class YearEnd extends YearEndContract {
    YearEnd() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Import extends ImportContract {
    Import() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class ChangeFeed extends ChangeFeedContract {
    ChangeFeed() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Categories extends CategoriesContract {
    Categories() {
      super(LedgerStoreContract.this);
    }
  }

  @Nested
  class Monitors extends MonitorsContract {
    Monitors() {
      super(LedgerStoreContract.this);
    }
  }
}
