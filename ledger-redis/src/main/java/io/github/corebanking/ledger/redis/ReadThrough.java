package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.redis.LocalTier.Load;
import io.lettuce.core.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path: L1, then Redis, then the store's loader. A miss is loaded once per key however
 * many threads ask at the same time: the first caller claims the key in the {@link LocalTier} and
 * does the Redis lookup and, if needed, the store load; the others wait for its result. What the
 * store returned is written to Redis with the same version check as a commit's write, so a slow
 * load never replaces a newer balance, and not at all once the generation moved.
 */
final class ReadThrough {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceCache.class);

  private final KeySpace keys;
  private final Circuit circuit;
  private final RedisLink redis;
  private final LocalTier local;
  private final Recovery recovery;
  private final CacheCounters counters;
  private final long l2TtlMillis;
  private final String instanceId;
  private final VersionFloor floor;

  ReadThrough(KeySpace keys, Circuit circuit, RedisLink redis, LocalTier local, Recovery recovery,
      CacheCounters counters, long l2TtlMillis, String instanceId, VersionFloor floor) {
    this.floor = floor;
    this.keys = keys;
    this.circuit = circuit;
    this.redis = redis;
    this.local = local;
    this.recovery = recovery;
    this.counters = counters;
    this.l2TtlMillis = l2TtlMillis;
    this.instanceId = instanceId;
  }

  /**
   * Reads one balance: L1, then Redis, then the loader; one load per key at a time. Never older
   * than a version this process has seen or committed ({@link VersionFloor}). Arguments checked by
   * the caller.
   */
  Balance get(AccountId id, Function<AccountId, Balance> loader) {
    Balance b = tiered(id, loader);
    if (floor.behind(b)) {
      b = fromStore(id, loader);
    }
    floor.saw(b);
    return b;
  }

  /** Asks the store for a balance a cache tier held older than this process has seen. */
  private Balance fromStore(AccountId id, Function<AccountId, Balance> loader) {
    counters.stale.increment();
    counters.loads.increment();
    Balance fresh = loader.apply(id);
    if (fresh == null) {
      throw new AccountNotFoundException("accountId", id, "does not exist");
    }
    brought(fresh);
    return fresh;
  }

  /** Brings L1 and Redis forward to a balance the store gave in place of an older cached one. */
  private void brought(Balance fresh) {
    local.committed(fresh);
    fill(fresh, circuit.generation());
  }

  private Balance tiered(AccountId id, Function<AccountId, Balance> loader) {
    if (circuit.closed()) {
      counters.loads.increment();
      return loader.apply(id);
    }
    long generation = circuit.generation();
    boolean useL1 = local.usable();
    if (useL1) {
      Balance cached = local.cached(id);
      if (cached != null) {
        counters.l1Hits.increment();
        return cached;
      }
      counters.l1Misses.increment();
    }
    Load mine = new Load();
    Load other = local.claim(id, mine);
    if (other != null) {
      return join(other);
    }
    Balance b;
    try {
      b = loadBelowL1(id, loader, generation);
    } catch (RuntimeException | Error e) {
      local.release(id, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    local.install(id, mine, b, useL1, generation);
    mine.complete(b);
    return b;
  }

  private Balance loadBelowL1(AccountId id, Function<AccountId, Balance> loader, long generation) {
    if (circuit.redisUsable()) {
      try {
        String raw = redis.await(redis.get(keys.key(id)), "GET");
        Balance b = raw == null ? null : decode(id, raw);
        if (b != null && floor.behind(b)) {
          counters.stale.increment();
          b = null;
        }
        if (b != null) {
          counters.l2Hits.increment();
          return b;
        }
        counters.l2Misses.increment();
      } catch (RedisCallException e) {
        recovery.redisFailed(e);
      }
    }
    counters.loads.increment();
    Balance b = loader.apply(id);
    if (b == null) {
      throw new AccountNotFoundException("accountId", id, "does not exist");
    }
    fill(b, generation);
    return b;
  }

  /** Reads several balances as {@link #get} does, with one MGET and one loader call for what is missing. */
  Map<AccountId, Balance> getAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    Map<AccountId, Balance> result = tieredAll(ids, loader);
    List<AccountId> behind = new ArrayList<>();
    for (Balance b : result.values()) {
      if (floor.behind(b)) {
        behind.add(b.accountId());
      }
    }
    if (!behind.isEmpty()) {
      counters.stale.add(behind.size());
      counters.loads.increment();
      Map<AccountId, Balance> fresh = loader.apply(behind);
      for (AccountId id : behind) {
        Balance b = fresh == null ? null : fresh.get(id);
        if (b == null) {
          result.remove(id);
        } else {
          brought(b);
          result.put(id, b);
        }
      }
    }
    for (Balance b : result.values()) {
      floor.saw(b);
    }
    return result;
  }

  private Map<AccountId, Balance> tieredAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    Set<AccountId> wanted = new LinkedHashSet<>(ids.size() * 2);
    int i = 0;
    for (AccountId id : ids) {
      if (id == null) {
        throw new InvalidRequestException("accountIds[" + i + "]", null, "must not be null");
      }
      wanted.add(id);
      i++;
    }
    Map<AccountId, Balance> result = new HashMap<>(wanted.size() * 2);
    if (wanted.isEmpty()) {
      return result;
    }
    if (circuit.closed()) {
      counters.loads.increment();
      result.putAll(loader.apply(List.copyOf(wanted)));
      return result;
    }
    long generation = circuit.generation();
    boolean useL1 = local.usable();
    Map<AccountId, Load> waits = new LinkedHashMap<>();
    Map<AccountId, Load> mine = new LinkedHashMap<>();
    for (AccountId id : wanted) {
      if (useL1) {
        Balance cached = local.cached(id);
        if (cached != null) {
          counters.l1Hits.increment();
          result.put(id, cached);
          continue;
        }
        counters.l1Misses.increment();
      }
      Load claim = new Load();
      Load other = local.claim(id, claim);
      if (other != null) {
        waits.put(id, other);
      } else {
        mine.put(id, claim);
      }
    }
    if (!mine.isEmpty()) {
      Map<AccountId, Balance> found;
      try {
        found = loadAllBelowL1(mine.keySet(), loader, generation);
      } catch (RuntimeException | Error t) {
        for (Map.Entry<AccountId, Load> e : mine.entrySet()) {
          local.release(e.getKey(), e.getValue());
          e.getValue().completeExceptionally(t);
        }
        throw t;
      }
      for (Map.Entry<AccountId, Load> e : mine.entrySet()) {
        Balance b = found.get(e.getKey());
        if (b == null) {
          local.release(e.getKey(), e.getValue());
          e.getValue().completeExceptionally(new AccountNotFoundException("accountId", e.getKey(), "does not exist"));
          continue;
        }
        local.install(e.getKey(), e.getValue(), b, useL1, generation);
        e.getValue().complete(b);
        result.put(e.getKey(), b);
      }
    }
    for (Map.Entry<AccountId, Load> e : waits.entrySet()) {
      try {
        result.put(e.getKey(), join(e.getValue()));
      } catch (AccountNotFoundException missing) {
        // Left out, as the store's loader leaves out accounts that do not exist.
      }
    }
    return result;
  }

  private Map<AccountId, Balance> loadAllBelowL1(Set<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader, long generation) {
    Map<AccountId, Balance> found = new HashMap<>(ids.size() * 2);
    List<AccountId> missing = new ArrayList<>(ids);
    if (circuit.redisUsable()) {
      try {
        Map<String, AccountId> byKey = new HashMap<>(ids.size() * 2);
        for (AccountId id : ids) {
          byKey.put(keys.key(id), id);
        }
        List<KeyValue<String, String>> values = redis.await(redis.mget(byKey.keySet().toArray(String[]::new)), "MGET");
        for (KeyValue<String, String> kv : values) {
          AccountId id = byKey.get(kv.getKey());
          Balance b = id == null || !kv.hasValue() ? null : decode(id, kv.getValue());
          if (b != null && floor.behind(b)) {
            counters.stale.increment();
            b = null;
          }
          if (b != null) {
            found.put(id, b);
          }
        }
        counters.l2Hits.add(found.size());
        counters.l2Misses.add(ids.size() - found.size());
        missing.removeIf(found::containsKey);
      } catch (RedisCallException e) {
        recovery.redisFailed(e);
      }
    }
    if (!missing.isEmpty()) {
      counters.loads.increment();
      Map<AccountId, Balance> loaded = loader.apply(missing);
      for (AccountId id : missing) {
        Balance b = loaded == null ? null : loaded.get(id);
        if (b != null) {
          found.put(id, b);
          fill(b, generation);
        }
      }
    }
    return found;
  }

  private @Nullable Balance decode(AccountId id, String raw) {
    Balance b = BalanceCodec.decode(id, raw);
    if (b == null) {
      counters.errors.increment();
      LOG.debug("balance cache: unreadable value under {}; reading the store instead", keys.key(id));
    }
    return b;
  }

  /** Writes what the store returned to Redis, unless the world changed since the load started. */
  private void fill(Balance b, long generation) {
    if (!circuit.redisUsable() || circuit.generation() != generation) {
      return;
    }
    redis.versionedWrite(new String[] {keys.key(b.accountId())}, List.of(b), l2TtlMillis, false, instanceId)
        .whenComplete((kept, failure) -> {
          if (failure != null) {
            recovery.redisFailed(RedisCallException.of("write a loaded balance", failure));
          }
        });
    // Sent across a state change (say, after a pause that outlasted an outage and its repair): the
    // value may be one the repair meant to remove, so remove it again.
    if (circuit.generation() != generation) {
      recovery.needsRepair(b.accountId());
    }
  }

  private static Balance join(CompletableFuture<Balance> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
