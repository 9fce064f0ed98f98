package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/** The cache that caches nothing. */
enum NoBalanceCache implements BalanceCache {
  INSTANCE;

  @Override
  public Balance get(AccountId id, Function<AccountId, Balance> loader) {
    return loader.apply(id);
  }

  @Override
  public Map<AccountId, Balance> getAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    return loader.apply(ids);
  }

  @Override
  public void put(Balance balance) {}

  @Override
  public void invalidate(AccountId id) {}

  @Override
  public void clearAll() {}
}
