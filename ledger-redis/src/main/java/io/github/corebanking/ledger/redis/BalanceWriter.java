package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes committed balances to Redis on its own thread, so that posting never waits for Redis.
 * Posters only append to a lock-free queue; the writer keeps the newest balance per account of
 * what it drained, sends up to {@value #BATCH} per script call with at most
 * {@value #MAX_IN_FLIGHT} calls in flight, and turns a balance from an older generation (Redis
 * went down, or something was invalidated or cleared since it was committed) into a repair:
 * its key is deleted rather than written.
 */
final class BalanceWriter implements Runnable {

  static final int MAX_IN_FLIGHT = 32;
  /** Balances per script call: one round trip and one invalidation message for up to this many. */
  static final int BATCH = 64;
  /** Most queued balances taken per round, so that a round's latency stays short. */
  private static final int ROUND = 4_096;
  /** How long the writer goes on waking on its own clock after its last balance before it sleeps. */
  static final long IDLE_NANOS = 50_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceCache.class);

  private final KeySpace keys;
  private final Circuit circuit;
  private final RedisLink redis;
  private final LocalTier local;
  private final Recovery recovery;
  private final long l2TtlMillis;
  private final String instanceId;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  /** The round being sent, newest balance per account; only the writer's thread touches it. */
  private final Map<AccountId, Pending> round = new LinkedHashMap<>();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final long permitWaitNanos;
  /** The round's length: balances committed meanwhile go in its script calls and messages. */
  private final long intervalNanos;
  /** Empty rounds in a row after which the writer sleeps until a poster wakes it. */
  private final int idleRounds;
  private final Thread thread;
  private volatile boolean sleeping;
  private volatile boolean running = true;

  BalanceWriter(KeySpace keys, Circuit circuit, RedisLink redis, LocalTier local, Recovery recovery,
      long l2TtlMillis, String instanceId, Duration commandTimeout, Duration interval) {
    this.keys = keys;
    this.circuit = circuit;
    this.redis = redis;
    this.local = local;
    this.recovery = recovery;
    this.l2TtlMillis = l2TtlMillis;
    this.instanceId = instanceId;
    this.permitWaitNanos = commandTimeout.toNanos();
    this.intervalNanos = interval.toNanos();
    this.idleRounds = (int) Math.max(1, IDLE_NANOS / intervalNanos);
    this.thread = new Thread(this, "ledger-redis-writer-" + keys.prefix());
    thread.setDaemon(true);
    thread.start();
  }

  void submit(Balance b) {
    queue.add(new Pending(b, circuit.generation()));
    if (sleeping) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * While balances flow, the writer wakes once per interval on its own clock and sends what came:
   * a poster waking it for each commit would cost a context switch on the posting path, and
   * waking often costs the machine more than the Redis call. After {@link #IDLE_NANOS} without a
   * balance it sleeps until the next poster wakes it.
   */
  @Override
  public void run() {
    int empty = 0;
    while (running) {
      try {
        if (empty >= idleRounds) {
          sleeping = true;
          if (queue.isEmpty() && running) {
            LockSupport.park(this);
          }
          sleeping = false;
          empty = 0;
          continue;
        }
        LockSupport.parkNanos(this, intervalNanos);
        empty = drain() ? 0 : empty + 1;
      } catch (RuntimeException e) {
        round.clear();
        LOG.debug("balance cache: the writer failed; unwritten balances are repaired on recovery", e);
      }
    }
  }

  /** @return whether anything was queued */
  private boolean drain() {
    Pending p = queue.poll();
    if (p == null) {
      return false;
    }
    int taken = 0;
    while (p != null) {
      round.merge(p.balance().accountId(), p, BalanceWriter::newerOf);
      p = ++taken < ROUND ? queue.poll() : null;
    }
    long generation = circuit.generation();
    List<Balance> batch = new ArrayList<>(BATCH);
    for (Pending q : round.values()) {
      if (q.generation() != generation) {
        recovery.needsRepair(q.balance().accountId());
        continue;
      }
      batch.add(q.balance());
      if (batch.size() == BATCH) {
        send(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
    round.clear();
    return true;
  }

  /** The higher version, from the older generation of the two: one stale entry makes the result stale. */
  private static Pending newerOf(Pending a, Pending b) {
    Pending newer = a.balance().version() >= b.balance().version() ? a : b;
    long generation = Math.min(a.generation(), b.generation());
    return newer.generation() == generation ? newer : new Pending(newer.balance(), generation);
  }

  /** One script call per batch; on a cluster, one per hash slot of the batch. */
  private void send(List<Balance> batch) {
    if (!redis.cluster()) {
      write(batch);
      return;
    }
    Map<Integer, List<Balance>> bySlot = new HashMap<>();
    for (Balance b : batch) {
      bySlot.computeIfAbsent(SlotHash.getSlot(keys.key(b.accountId())), s -> new ArrayList<>()).add(b);
    }
    bySlot.values().forEach(this::write);
  }

  private void write(List<Balance> balances) {
    long generation = circuit.generation();
    if (!circuit.redisUsable() || !acquire()) {
      balances.forEach(b -> recovery.needsRepair(b.accountId()));
      return;
    }
    String[] batchKeys = new String[balances.size()];
    for (int i = 0; i < batchKeys.length; i++) {
      batchKeys[i] = keys.key(balances.get(i).accountId());
    }
    try {
      redis.versionedWrite(batchKeys, balances, l2TtlMillis, true, instanceId).whenComplete((kept, failure) -> {
        inFlight.release();
        if (failure != null) {
          recovery.redisFailed(RedisCallException.of("write committed balances", failure));
          balances.forEach(b -> recovery.needsRepair(b.accountId()));
          return;
        }
        for (int i = 0; i < balances.size() && i < kept.size(); i++) {
          Balance b = balances.get(i);
          if (kept.get(i) > b.version()) {
            local.dropIfOlder(b.accountId(), kept.get(i));
          }
        }
      });
    } catch (RuntimeException e) {
      inFlight.release();
      recovery.redisFailed(RedisCallException.of("write committed balances", e));
      balances.forEach(b -> recovery.needsRepair(b.accountId()));
      return;
    }
    // Sent across a state change: the repair may already have run, so repair these keys again.
    if (circuit.generation() != generation) {
      balances.forEach(b -> recovery.needsRepair(b.accountId()));
    }
  }

  /** Waits for room in flight while Redis is usable; false when it stopped being usable. */
  private boolean acquire() {
    try {
      while (!inFlight.tryAcquire(permitWaitNanos, TimeUnit.NANOSECONDS)) {
        if (!circuit.redisUsable()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the thread, writes what is pending and waits (at most about a command timeout) for it. */
  void stopAndFlush() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(permitWaitNanos) + 1_000);
      if (!thread.isAlive()) {
        while (drain()) {
          // until the queue is empty
        }
      }
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, permitWaitNanos, TimeUnit.NANOSECONDS)) {
        inFlight.release(MAX_IN_FLIGHT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A committed balance waiting for the writer, with the generation it was committed in. */
  private record Pending(Balance balance, long generation) {}
}
