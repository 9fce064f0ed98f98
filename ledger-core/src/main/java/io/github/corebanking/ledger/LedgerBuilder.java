package io.github.corebanking.ledger;

import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.IdGenerator;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.PostingRule;
import io.github.corebanking.ledger.internal.SetOnce;
import java.time.Clock;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Ledger}. Each setting can be given once; {@link #build()} needs a store.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.builder()
 *     .store(store)
 *     .clock(Clock.systemUTC())
 *     .balanceCache(cache)            // optional: BalanceCache.none() by default
 *     .rule(new MaxAmountRule(...))   // optional user rules
 *     .listener(outbox)               // optional after-commit listeners
 *     .build();
 * }</pre>
 */
public final class LedgerBuilder {

  private @Nullable LedgerStore store;
  private @Nullable Clock clock;
  private @Nullable ZoneId zone;
  private @Nullable IdGenerator idGenerator;
  private @Nullable BalanceCache balanceCache;
  private boolean closeStore;
  private @Nullable Period backdating;
  private @Nullable Period futureDating;
  private final List<PostingRule> rules = new ArrayList<>();
  private final List<LedgerListener> listeners = new ArrayList<>();
  private final SetOnce once = new SetOnce("ledger");

  LedgerBuilder() {}

  /**
   * The store (required).
   *
   * @param store where the ledger's data lives
   * @return this builder
   */
  public LedgerBuilder store(LedgerStore store) {
    this.store = once.set("store", store);
    return this;
  }

  /**
   * Whether {@link Ledger#close()} also closes the store and the cache. Default false.
   *
   * @param value true to close them with the ledger
   * @return this builder
   */
  public LedgerBuilder closeStoreOnClose(boolean value) {
    this.closeStore = value;
    return this;
  }

  /**
   * The clock for booking instants. Default {@link Clock#systemUTC()}.
   *
   * @param clock the clock
   * @return this builder
   */
  public LedgerBuilder clock(Clock clock) {
    this.clock = once.set("clock", clock);
    return this;
  }

  /**
   * The zone in which a booking instant becomes the default value date. Default UTC.
   *
   * @param zone the bank's zone
   * @return this builder
   */
  public LedgerBuilder zone(ZoneId zone) {
    this.zone = once.set("zone", zone);
    return this;
  }

  /**
   * The id generator. Default {@link IdGenerator#uuidV7()}.
   *
   * @param idGenerator the generator
   * @return this builder
   */
  public LedgerBuilder idGenerator(IdGenerator idGenerator) {
    this.idGenerator = once.set("idGenerator", idGenerator);
    return this;
  }

  /**
   * A balance cache for reads. Default {@link BalanceCache#none()}.
   *
   * @param cache the cache
   * @return this builder
   */
  public LedgerBuilder balanceCache(BalanceCache cache) {
    this.balanceCache = once.set("balanceCache", cache);
    return this;
  }

  /**
   * How far before today (in the ledger's zone) a posting's value date may be: a posting dated
   * earlier is refused with an {@link InvalidRequestException} naming {@code effectiveDate}. Commits
   * and voids keep their hold's date; a reversal is dated today; a year-end close is not bounded.
   * Default: no bound (a closed period still refuses its dates). A bound also bounds what a
   * backdated posting costs a store that keeps value-dated balances up to date.
   *
   * @param window a period of zero or more, such as {@code Period.ofDays(31)}
   * @return this builder
   * @throws InvalidRequestException when it is negative
   */
  public LedgerBuilder backdatingWindow(Period window) {
    this.backdating = once.set("backdatingWindow", nonNegative(window, "backdatingWindow"));
    return this;
  }

  /**
   * How far after today (in the ledger's zone) a posting's value date may be. Default: no bound.
   *
   * @param window a period of zero or more, such as {@code Period.ofDays(7)}
   * @return this builder
   * @throws InvalidRequestException when it is negative
   */
  public LedgerBuilder futureDatingWindow(Period window) {
    this.futureDating = once.set("futureDatingWindow", nonNegative(window, "futureDatingWindow"));
    return this;
  }

  private static Period nonNegative(@Nullable Period window, String field) {
    Period p = notNull(window, field);
    if (p.isNegative()) {
      throw new InvalidRequestException(field, p, "must not be negative");
    }
    return p;
  }

  /**
   * Adds a posting rule, checked in the order added.
   *
   * @param rule the rule
   * @return this builder
   */
  public LedgerBuilder rule(PostingRule rule) {
    once.checkNotBuilt();
    rules.add(notNull(rule, "rule"));
    return this;
  }

  /**
   * Adds an after-commit listener, called in the order added.
   *
   * @param listener the listener
   * @return this builder
   */
  public LedgerBuilder listener(LedgerListener listener) {
    once.checkNotBuilt();
    listeners.add(notNull(listener, "listener"));
    return this;
  }

  /**
   * Builds the ledger. The builder cannot be used again.
   *
   * @return the ledger
   * @throws InvalidRequestException when no store was given
   */
  public Ledger build() {
    once.checkNotBuilt();
    if (store == null) {
      throw new InvalidRequestException("store", null, "must be set: pass a LedgerStore to Ledger.builder().store(...)");
    }
    once.build();
    return new DefaultLedger(store, clock == null ? Clock.systemUTC() : clock,
        zone == null ? ZoneOffset.UTC : zone, idGenerator == null ? IdGenerator.uuidV7() : idGenerator,
        balanceCache == null ? BalanceCache.none() : balanceCache, rules, listeners, closeStore, backdating,
        futureDating);
  }

  private static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

}
