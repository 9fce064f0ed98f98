package io.github.corebanking.ledger.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;

/**
 * The highest version of each account this process has seen or committed, so that a read through
 * the cache never goes back in time: a balance from L1 or Redis older than it (Redis restarted and
 * refilled by a slow writer elsewhere, a value written back late) is not returned, and the store is
 * asked instead. Remembers the most recently used accounts, up to a bound; an account forgotten
 * is guarded again from its next read on.
 */
final class VersionFloor {

  private final Cache<AccountId, Long> seen;

  /** @param maximumSize accounts remembered; 0 remembers none (no guard) */
  VersionFloor(long maximumSize) {
    this.seen = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /** Records a balance returned or committed in this process. */
  void saw(Balance b) {
    seen.asMap().merge(b.accountId(), b.version(), Math::max);
  }

  /** @return whether a balance is older than one this process has seen of the same account */
  boolean behind(Balance b) {
    Long floor = seen.getIfPresent(b.accountId());
    return floor != null && b.version() < floor;
  }
}
