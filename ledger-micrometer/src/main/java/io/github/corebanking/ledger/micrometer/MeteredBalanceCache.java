package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link BalanceCache} that counts hits and misses as the ledger sees them, whatever the cache
 * is: a read the cache answered is a hit, a read that went to the store is a miss. For the tiers
 * inside the Redis cache (Caffeine, Redis, store) see the {@code redis} sub-package.
 *
 * <p>Meters (all with the common tags):
 * <ul>
 *   <li>{@value #GETS} (counter): balances read, tag {@code result} ({@code hit} or
 *       {@code miss}).</li>
 *   <li>{@value #LOADS} (timer): calls to the store for missing balances.</li>
 * </ul>
 *
 * <pre>{@code
 * BalanceCache cache = MeteredBalanceCache.wrap(redisCache, registry, Tags.empty());
 * Ledger ledger = Ledger.builder().store(store).balanceCache(cache).build();
 * }</pre>
 */
public final class MeteredBalanceCache implements BalanceCache {

  /** Counter of balance reads by result. */
  public static final String GETS = "ledger.cache.gets";
  /** Timer of store loads for misses. */
  public static final String LOADS = "ledger.cache.loads";

  private final BalanceCache delegate;
  private final Counter hits;
  private final Counter misses;
  private final Timer loads;

  private MeteredBalanceCache(BalanceCache delegate, MeterRegistry registry, Tags tags) {
    this.delegate = delegate;
    this.hits = Counter.builder(GETS).description("Balance reads by cache result").tags(tags).tag("result", "hit")
        .register(registry);
    this.misses = Counter.builder(GETS).description("Balance reads by cache result").tags(tags).tag("result", "miss")
        .register(registry);
    this.loads = Timer.builder(LOADS).description("Store loads of balances the cache did not have").tags(tags)
        .register(registry);
  }

  /**
   * Wraps a cache.
   *
   * @param cache    the cache
   * @param registry where the meters go
   * @param tags     tags added to every meter
   * @return the metered cache
   */
  public static MeteredBalanceCache wrap(BalanceCache cache, MeterRegistry registry, Tags tags) {
    if (cache == null) {
      throw new InvalidRequestException("cache", null, "must not be null");
    }
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    return new MeteredBalanceCache(cache, registry, tags);
  }

  /** @return the wrapped cache */
  public BalanceCache delegate() {
    return delegate;
  }

  @Override
  public Balance get(AccountId id, Function<AccountId, Balance> loader) {
    boolean[] loaded = {false};
    Balance balance = delegate.get(id, missing -> {
      loaded[0] = true;
      return loads.record(() -> loader.apply(missing));
    });
    (loaded[0] ? misses : hits).increment();
    return balance;
  }

  @Override
  public Map<AccountId, Balance> getAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    int[] missed = {0};
    Map<AccountId, Balance> balances = delegate.getAll(ids, missing -> {
      missed[0] += missing.size();
      return loads.record(() -> loader.apply(missing));
    });
    int requested = ids.size();
    misses.increment(Math.min(missed[0], requested));
    hits.increment(Math.max(0, requested - missed[0]));
    return balances;
  }

  @Override
  public void put(Balance balance) {
    delegate.put(balance);
  }

  @Override
  public void invalidate(AccountId id) {
    delegate.invalidate(id);
  }

  @Override
  public void clearAll() {
    delegate.clearAll();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
