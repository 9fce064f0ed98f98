package io.github.corebanking.ledger.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * This process's tier: the L1 balances and the loads in progress, one per key. Whatever may enter
 * L1 enters through here, and only while the {@link Circuit} allows it, its generation has not
 * moved since the balance was read or committed, and no newer version of the account has been
 * announced by another process.
 */
final class LocalTier {

  /** Loaded balances only; a load in progress lives in {@link #inflight}. Null when L1 is off. */
  private final @Nullable Cache<AccountId, Balance> l1;
  /**
   * Loads in progress, one per key: the first reader to miss claims the key here and the others
   * wait for its future. An invalidation of the key removes the claim, so the load's result is not
   * installed in L1; an announced newer version is noted on it, so an older result is not either.
   */
  private final ConcurrentMap<AccountId, Load> inflight = new ConcurrentHashMap<>();
  /**
   * The highest version of each account that another process announced (or Redis answered that it
   * holds), as long and as many as L1 keeps balances; null when L1 is off. An announcement drops
   * the older L1 entry, but a balance read or committed before it may reach L1 after it: this
   * process's own commit handed over late, or a store read begun before the other commit. Such a
   * balance is already stale and nothing more would come to drop it, so it is kept out.
   */
  private final @Nullable Cache<AccountId, Long> announced;
  private final Circuit circuit;
  /**
   * Empties L1 when another process cleared the prefix, off Lettuce's I/O thread, which also reads
   * the replies that reads wait for: a large L1 takes a while to empty. Its thread exists only
   * while there is such work.
   */
  private final ThreadPoolExecutor clearer;

  LocalTier(long maximumSize, Duration expireAfterWrite, Circuit circuit, String prefix) {
    this.l1 = maximumSize == 0 ? null
        // Maintenance on the calling thread: no hand-off to a shared pool that a busy machine may starve.
        : Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(expireAfterWrite)
            .executor(Runnable::run).build();
    this.announced = maximumSize == 0 ? null
        : Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(expireAfterWrite)
            .executor(Runnable::run).build();
    this.circuit = circuit;
    this.clearer = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "ledger-redis-clear-" + prefix);
      t.setDaemon(true);
      return t;
    });
    clearer.allowCoreThreadTimeOut(true);
  }

  /** @return whether L1 is on and may be read and filled now */
  boolean usable() {
    return l1 != null && circuit.l1Usable();
  }

  /** @return L1's balance of the account, if L1 is on and holds one */
  @Nullable Balance cached(AccountId id) {
    Cache<AccountId, Balance> cache = l1;
    return cache == null ? null : cache.getIfPresent(id);
  }

  /**
   * Claims the load of a key.
   *
   * @return null when the claim is the caller's; otherwise the load in progress to wait for
   */
  @Nullable Load claim(AccountId id, Load mine) {
    return inflight.putIfAbsent(id, mine);
  }

  /** Gives up a claim whose load failed or found nothing. */
  void release(AccountId id, Load mine) {
    inflight.remove(id, mine);
  }

  /**
   * Ends a load: releases the claim and, if nothing made the result suspect meanwhile (an
   * invalidation of the key removes the claim; a clear or a state change moves the generation; a
   * newer version was announced), puts it in L1 unless L1 holds a newer version.
   */
  void install(AccountId id, Load claim, Balance loaded, boolean useL1, long generation) {
    Cache<AccountId, Balance> cache = l1;
    boolean[] installed = {false};
    inflight.computeIfPresent(id, (k, current) -> {
      if (current != claim) {
        return current;
      }
      if (useL1 && cache != null && circuit.l1Usable() && circuit.generation() == generation
          && loaded.version() >= claim.announced) {
        cache.asMap().merge(id, loaded, LocalTier::newer);
        installed[0] = true;
      }
      return null;
    });
    // A clear that started after the check above moves the generation before it empties L1, so
    // either it removes this entry or this check sees the move; likewise an announcement.
    if (installed[0] && (circuit.generation() != generation || overtaken(loaded))) {
      cache.asMap().remove(id, loaded);
    }
  }

  /**
   * Puts a committed balance, or one the store gave in place of an older cached one, in L1 when it
   * is newer than L1's, so this process reads its own writes; not when another process has already
   * announced a newer version.
   */
  void committed(Balance balance) {
    Cache<AccountId, Balance> cache = l1;
    if (cache != null && circuit.l1Usable()) {
      long generation = circuit.generation();
      cache.asMap().merge(balance.accountId(), balance, LocalTier::newer);
      // The announcement records its version before it drops older entries: either it drops this
      // one, or this check sees the version.
      if (circuit.generation() != generation || overtaken(balance)) {
        cache.asMap().remove(balance.accountId(), balance);
      }
    }
  }

  /** @return whether a newer version of the balance's account was announced */
  private boolean overtaken(Balance b) {
    Cache<AccountId, Long> versions = announced;
    Long version = versions == null ? null : versions.getIfPresent(b.accountId());
    return version != null && version > b.version();
  }

  private static Balance newer(Balance a, Balance b) {
    return a.version() >= b.version() ? a : b;
  }

  /**
   * Drops an L1 entry older than a version announced elsewhere (or held by Redis), keeps a load of
   * the key in progress from installing an older result, and keeps older balances out of L1 from now
   * on.
   */
  void dropIfOlder(AccountId id, long version) {
    Cache<AccountId, Long> versions = announced;
    if (versions != null) {
      versions.asMap().merge(id, version, Math::max);
    }
    inflight.computeIfPresent(id, (k, load) -> {
      load.announced = Math.max(load.announced, version);
      return load;
    });
    Cache<AccountId, Balance> cache = l1;
    if (cache != null) {
      cache.asMap().computeIfPresent(id, (k, current) -> current.version() >= version ? current : null);
    }
  }

  /** Drops the L1 entry and any load of the key in progress. */
  void dropLocally(AccountId id) {
    inflight.remove(id);
    Cache<AccountId, Balance> cache = l1;
    if (cache != null) {
      cache.invalidate(id);
    }
  }

  void clear() {
    if (l1 != null) {
      l1.invalidateAll();
    }
  }

  /** Empties L1 on the clearer's thread; the generation has already moved, so no load installs meanwhile. */
  void clearSoon() {
    try {
      clearer.execute(this::clear);
    } catch (RejectedExecutionException e) {
      clear();
    }
  }

  /** Stops the clearer's thread and empties L1. */
  void close() {
    clearer.shutdownNow();
    clear();
  }

  /** A load in progress; {@link #announced} is only touched under the in-flight map's lock for its key. */
  static final class Load extends CompletableFuture<Balance> {
    /** The highest version another process announced while this load ran. */
    long announced = -1;
  }
}
