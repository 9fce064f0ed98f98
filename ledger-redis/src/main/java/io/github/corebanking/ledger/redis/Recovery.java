package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the cache does when a Redis call fails and when Redis comes back: opens the {@link Circuit}
 * and empties L1, records the accounts whose Redis entry may be stale, probes Redis every probe
 * interval and, once it answers, deletes every balance key of the prefix and announces the clear
 * before Redis and L1 are used again (the class comment of {@link RedisBalanceCache} says why the
 * whole prefix). Writes that fail while that repair runs are repaired once Redis is in use.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceCache.class);

  private final KeySpace keys;
  private final Circuit circuit;
  private final RedisLink redis;
  private final LocalTier local;
  private final CacheCounters counters;
  private final String instanceId;
  private final Duration probeInterval;
  private final ScheduledExecutorService prober;
  private final AtomicBoolean probeScheduled = new AtomicBoolean();
  /** Accounts whose Redis entry may be stale because a write or invalidation could not be delivered. */
  private final Set<AccountId> pendingRepairs = ConcurrentHashMap.newKeySet();
  /** More accounts needed repair than were recorded: clear the prefix again once Redis is in use. */
  private final AtomicBoolean repairsOverflowed = new AtomicBoolean();

  Recovery(KeySpace keys, Circuit circuit, RedisLink redis, LocalTier local, CacheCounters counters,
      String instanceId, Duration probeInterval) {
    this.keys = keys;
    this.circuit = circuit;
    this.redis = redis;
    this.local = local;
    this.counters = counters;
    this.instanceId = instanceId;
    this.probeInterval = probeInterval;
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ledger-redis-probe-" + keys.prefix());
      t.setDaemon(true);
      return t;
    });
  }

  void redisFailed(RedisCallException e) {
    if (e.kind() == RedisCallException.Kind.INTERRUPTED) {
      return;
    }
    counters.errors.increment();
    if (e.kind() == RedisCallException.Kind.DATA) {
      LOG.debug("balance cache: {}", e.getMessage());
      return;
    }
    if (circuit.trip(e.getMessage())) {
      local.clear();
      scheduleProbe();
    }
  }

  /**
   * Records that Redis may hold a stale entry for an account. If Redis is already usable again (the
   * repair may have run between this write's failure and now), deletes the entry at once.
   */
  void needsRepair(AccountId id) {
    boolean recorded = pendingRepairs.contains(id);
    if (!recorded) {
      if (pendingRepairs.size() < RedisBalanceCache.MAX_PENDING_REPAIRS) {
        pendingRepairs.add(id);
        recorded = true;
      } else {
        repairsOverflowed.set(true);
      }
    }
    if (circuit.redisUsable() && (!recorded || pendingRepairs.remove(id))) {
      String[] key = {keys.key(id)};
      redis.unlink(key)
          .thenCompose(n -> redis.publish(Invalidation.dropped(instanceId, id)))
          .whenComplete((n, failure) -> {
            if (failure != null) {
              redisFailed(RedisCallException.of("delete a stale balance", failure));
              needsRepair(id);
            }
          });
    }
  }

  void scheduleProbe() {
    if (circuit.closed() || !probeScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      prober.schedule(this::probe, probeInterval.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      probeScheduled.set(false);
    }
  }

  private void probe() {
    probeScheduled.set(false);
    if (circuit.state() != Circuit.State.DOWN) {
      return;
    }
    try {
      redis.connect();
      redis.ping();
      if (!circuit.startRecovery()) {
        return;
      }
      repair();
      local.clear();
      if (circuit.recovered()) {
        repairAfterRecovery();
      }
    } catch (RedisCallException e) {
      circuit.stillDown(e.getMessage());
      scheduleProbe();
    } catch (RuntimeException e) {
      circuit.stillDown(e.toString());
      LOG.debug("balance cache: recovery failed", e);
      scheduleProbe();
    }
  }

  /** Deletes what may be stale in Redis before the cache uses it again. Blocking; on the probe thread. */
  private void repair() {
    // Everything recorded so far is covered by the clear; what is recorded from now on is repaired after.
    pendingRepairs.clear();
    repairsOverflowed.set(false);
    long deleted = redis.unlinkMatching(keys.balancePattern());
    redis.await(redis.publish(Invalidation.clearAll(instanceId)), "PUBLISH");
    LOG.debug("balance cache: deleted {} keys under {} after the outage", deleted, keys.prefix());
  }

  /** Repairs writes that failed while the repair ran, now that Redis is in use again. */
  private void repairAfterRecovery() {
    boolean overflowed = repairsOverflowed.getAndSet(false);
    try {
      repairPending();
      if (overflowed) {
        redis.unlinkMatching(keys.balancePattern());
        redis.await(redis.publish(Invalidation.clearAll(instanceId)), "PUBLISH");
      }
    } catch (RedisCallException e) {
      if (overflowed) {
        repairsOverflowed.set(true);
      }
      redisFailed(e);
    }
  }

  /** Deletes the recorded accounts' keys and tells the other processes to drop them from L1. */
  private void repairPending() {
    while (true) {
      List<AccountId> batch = new ArrayList<>(RedisLink.BATCH);
      Iterator<AccountId> it = pendingRepairs.iterator();
      while (it.hasNext() && batch.size() < RedisLink.BATCH) {
        AccountId id = it.next();
        if (pendingRepairs.remove(id)) {
          batch.add(id);
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      String[] batchKeys = new String[batch.size()];
      for (int i = 0; i < batchKeys.length; i++) {
        batchKeys[i] = keys.key(batch.get(i));
      }
      try {
        redis.await(redis.unlink(batchKeys), "UNLINK");
      } catch (RedisCallException e) {
        pendingRepairs.addAll(batch);
        throw e;
      }
      for (AccountId id : batch) {
        redis.publish(Invalidation.dropped(instanceId, id)).whenComplete((n, failure) -> {
          if (failure != null) {
            redisFailed(RedisCallException.of("announce an invalidation", failure));
          }
        });
      }
    }
  }

  /** Stops probing; the cache is closing. */
  void close() {
    prober.shutdownNow();
  }
}
