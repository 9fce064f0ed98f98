package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A read-through cache of current balances in front of the store.
 *
 * <p>The ledger reads balances through it and, after each commit, hands it the new balances with
 * their versions; an implementation keeps the higher version, so a late writer never replaces a
 * newer balance. The cache is never consulted for a constraint check: the store enforces those.
 * A cache failure must never fail a read or a posting: fall back to the loader.
 */
public interface BalanceCache extends AutoCloseable {

  /**
   * The cached balance, or the loader's (which is then cached).
   *
   * @param id     the account
   * @param loader loads from the store; throws when the account does not exist
   * @return the balance
   */
  Balance get(AccountId id, Function<AccountId, Balance> loader);

  /**
   * Several balances; the loader is called once for the misses.
   *
   * @param ids    the accounts
   * @param loader loads the missing balances from the store
   * @return the balances by account
   */
  default Map<AccountId, Balance> getAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    Map<AccountId, Balance> result = new HashMap<>();
    for (AccountId id : ids) {
      result.put(id, get(id, one -> {
        Balance b = loader.apply(java.util.List.of(one)).get(one);
        if (b == null) {
          throw new io.github.corebanking.ledger.AccountNotFoundException("accountId", one, "does not exist");
        }
        return b;
      }));
    }
    return result;
  }

  /**
   * Records a balance written by a commit, unless a higher version is already cached.
   *
   * @param balance the new balance
   */
  void put(Balance balance);

  /**
   * Drops an account's entry.
   *
   * @param id the account
   */
  void invalidate(AccountId id);

  /** Drops every entry. */
  void clearAll();

  /** Releases resources; default does nothing. */
  @Override
  default void close() {}

  /** @return a cache that caches nothing: every read goes to the store */
  static BalanceCache none() {
    return NoBalanceCache.INSTANCE;
  }
}
