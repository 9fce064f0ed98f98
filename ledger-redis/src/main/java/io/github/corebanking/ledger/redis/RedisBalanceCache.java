package io.github.corebanking.ledger.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A balance cache in three tiers: a per-process Caffeine cache (L1), a shared Redis (L2), and the
 * store behind them. Hand it to the ledger; the ledger reads through it and tells it every committed
 * balance.
 *
 * <pre>{@code
 * RedisBalanceCache cache = RedisBalanceCache.builder()
 *     .redisUri("rediss://:secret@redis.internal:6380")
 *     .keyPrefix("ledger:prod:")
 *     .l1MaximumSize(100_000)
 *     .l1ExpireAfterWrite(Duration.ofSeconds(5))
 *     .commandTimeout(Duration.ofMillis(50))
 *     .build();
 * Ledger ledger = Ledger.builder().store(store).balanceCache(cache).build();
 * }</pre>
 *
 * <h2>Reads</h2>
 * L1, then Redis, then the store's loader. A miss is loaded once per key however many threads
 * ask at the same time: the first caller claims the key and does the Redis lookup and, if needed,
 * the store load; the others wait for its result, which goes into L1 unless the key was
 * invalidated (or a newer version announced) meanwhile. What the store returned is written to
 * Redis with the same version check as a commit's write, so a slow load never replaces a newer
 * balance.
 *
 * <h2>Writes</h2>
 * {@link #put(Balance)} updates L1 at once when the balance is newer than L1's (so this process
 * reads its own writes) and appends the balance to the writer's lock-free queue; the poster never
 * waits for Redis. The writer thread keeps only the newest balance per account of what it drained
 * (a hot account posted a thousand times while Redis is busy costs one write), sends up to 64
 * balances per call of a Lua script (one slot's worth on a cluster) with a bounded number of calls
 * in flight; the script writes each balance unless Redis holds the same or a higher version and,
 * when it wrote any, publishes one message on the prefix's channel naming every balance of the call
 * with its version. Other instances drop their L1 entries that are older than the announced
 * versions; an instance ignores its own messages. When Redis reports that it already holds a newer
 * version, this instance drops its L1 entry too.
 *
 * <h2>When Redis is slow or down</h2>
 * Every command is bounded by the command timeout. The first failure opens a circuit: Redis and
 * L1 are then skipped (reads go to the store, still one load per key at a time) and a probe runs
 * every probe interval. The change is logged once at WARN; recovery once at INFO; {@link #health()}
 * says DEGRADED meanwhile. No failure reaches the caller.
 *
 * <h2>Why recovery clears the prefix</h2>
 * While Redis is unreachable, commits still happen and their writes to Redis are lost, so Redis
 * may hold an older version of those accounts when it comes back; version checks cannot help,
 * since nothing newer ever arrives. Recording the accounts whose writes failed and deleting only
 * those on recovery is not enough when several processes share Redis: the others' records are out
 * of reach, and a process that reconnects first would serve the stale entries of accounts another
 * process committed during the outage. A generation number in the key names would need every
 * process to agree on the current generation before each read. So a process that lost Redis,
 * before it uses Redis and L1 again, deletes every balance key of its prefix (SCAN and UNLINK,
 * never KEYS), announces a clear on the channel so no other process keeps an L1 entry taken from
 * them, and empties its own L1, which may have missed invalidations. The price is a colder Redis
 * after an outage: entries are reloaded from the store on their next read. Writes and
 * invalidations that fail while the repair runs are recorded and their keys deleted once Redis is
 * in use again. Keys also expire after {@link Builder#l2ExpireAfterWrite}, which bounds what is
 * left behind by a process that lost Redis and died before it could reconnect.
 *
 * <h2>Consistency</h2>
 * The cache is never used for a constraint check: the store enforces those. A balance read from
 * this cache is one the store committed; it may trail the newest commit by the invalidation latency
 * (another process's commit) and, at worst, by the L1 expiry. A process always reads its own
 * commits.
 */
public final class RedisBalanceCache implements BalanceCache {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceCache.class);
  /** Most accounts recorded for repair; more are not needed, since recovery clears the whole prefix. */
  static final int MAX_PENDING_REPAIRS = 100_000;

  private final String instanceId = UUID.randomUUID().toString();
  private final KeySpace keys;
  /** Loaded balances only; a load in progress lives in {@link #inflight}. Null when L1 is off. */
  private final @Nullable Cache<AccountId, Balance> l1;
  /**
   * Loads in progress, one per key: the first reader to miss claims the key here and the others
   * wait for its future. An invalidation of the key removes the claim, so the load's result is not
   * installed in L1; an announced newer version is noted on it, so an older result is not either.
   */
  private final ConcurrentMap<AccountId, Load> inflight = new ConcurrentHashMap<>();
  private final long l2TtlMillis;
  private final Duration probeInterval;
  private final Circuit circuit;
  private final RedisLink redis;
  private final ScheduledExecutorService prober;
  /**
   * Empties L1 when another process cleared the prefix, off Lettuce's I/O thread, which also reads
   * the replies that reads wait for: a large L1 takes a while to empty. Its thread exists only
   * while there is such work.
   */
  private final ThreadPoolExecutor clearer;
  private final Writer writer;
  private final AtomicBoolean probeScheduled = new AtomicBoolean();
  /** Accounts whose Redis entry may be stale because a write or invalidation could not be delivered. */
  private final Set<AccountId> pendingRepairs = ConcurrentHashMap.newKeySet();
  /** More accounts needed repair than were recorded: clear the prefix again once Redis is in use. */
  private final AtomicBoolean repairsOverflowed = new AtomicBoolean();

  private final LongAdder l1Hits = new LongAdder();
  private final LongAdder l1Misses = new LongAdder();
  private final LongAdder l2Hits = new LongAdder();
  private final LongAdder l2Misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder errors = new LongAdder();

  private RedisBalanceCache(Settings s) {
    this.keys = s.keys;
    this.l1 = s.l1MaximumSize == 0 ? null
        // Maintenance on the calling thread: no hand-off to a shared pool that a busy machine may starve.
        : Caffeine.newBuilder().maximumSize(s.l1MaximumSize).expireAfterWrite(s.l1ExpireAfterWrite)
            .executor(Runnable::run).build();
    this.l2TtlMillis = s.l2ExpireAfterWrite.toMillis();
    this.probeInterval = s.probeInterval;
    this.circuit = new Circuit(s.connector.target(), Clock.systemUTC());
    this.redis = s.connector.link(s.commandTimeout, keys.channel(), new LinkEvents());
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ledger-redis-probe-" + keys.prefix());
      t.setDaemon(true);
      return t;
    });
    this.clearer = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "ledger-redis-clear-" + keys.prefix());
      t.setDaemon(true);
      return t;
    });
    clearer.allowCoreThreadTimeOut(true);
    this.writer = new Writer(s.commandTimeout, s.writeInterval);
  }

  /** @return a builder; {@link Builder#redisUri} (or another connection source) is required */
  public static Builder builder() {
    return new Builder();
  }

  private void start() {
    try {
      redis.connect();
      redis.ping();
      circuit.connected();
    } catch (RedisCallException e) {
      circuit.startDown(e.getMessage());
      scheduleProbe();
    }
  }

  // ---- reads ----

  @Override
  public Balance get(AccountId id, Function<AccountId, Balance> loader) {
    requireArgument(id, "accountId");
    requireArgument(loader, "loader");
    if (circuit.closed()) {
      loads.increment();
      return loader.apply(id);
    }
    long generation = circuit.generation();
    Cache<AccountId, Balance> cache = l1;
    boolean useL1 = cache != null && circuit.l1Usable();
    if (useL1) {
      Balance cached = cache.getIfPresent(id);
      if (cached != null) {
        l1Hits.increment();
        return cached;
      }
      l1Misses.increment();
    }
    Load mine = new Load();
    Load other = inflight.putIfAbsent(id, mine);
    if (other != null) {
      return join(other);
    }
    Balance b;
    try {
      b = loadBelowL1(id, loader, generation);
    } catch (RuntimeException | Error e) {
      inflight.remove(id, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    install(id, mine, b, useL1, generation);
    mine.complete(b);
    return b;
  }

  /**
   * Ends a load: releases the claim and, if nothing made the result suspect meanwhile (an
   * invalidation of the key removes the claim; a clear or a state change moves the generation), puts
   * it in L1 unless L1 holds a newer version.
   */
  private void install(AccountId id, Load claim, Balance loaded, boolean useL1,
      long generation) {
    Cache<AccountId, Balance> cache = l1;
    boolean[] installed = {false};
    inflight.computeIfPresent(id, (k, current) -> {
      if (current != claim) {
        return current;
      }
      if (useL1 && cache != null && circuit.l1Usable() && circuit.generation() == generation
          && loaded.version() >= claim.announced) {
        cache.asMap().merge(id, loaded, RedisBalanceCache::newer);
        installed[0] = true;
      }
      return null;
    });
    // A clear that started after the check above moves the generation before it empties L1, so
    // either it removes this entry or this check sees the move.
    if (installed[0] && circuit.generation() != generation) {
      cache.asMap().remove(id, loaded);
    }
  }

  private static Balance newer(Balance a, Balance b) {
    return a.version() >= b.version() ? a : b;
  }

  private Balance loadBelowL1(AccountId id, Function<AccountId, Balance> loader, long generation) {
    if (circuit.redisUsable()) {
      try {
        String raw = redis.await(redis.get(keys.key(id)), "GET");
        Balance b = raw == null ? null : decode(id, raw);
        if (b != null) {
          l2Hits.increment();
          return b;
        }
        l2Misses.increment();
      } catch (RedisCallException e) {
        redisFailed(e);
      }
    }
    loads.increment();
    Balance b = loader.apply(id);
    if (b == null) {
      throw new AccountNotFoundException("accountId", id, "does not exist");
    }
    fill(b, generation);
    return b;
  }

  @Override
  public Map<AccountId, Balance> getAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    requireArgument(ids, "accountIds");
    requireArgument(loader, "loader");
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
      loads.increment();
      result.putAll(loader.apply(List.copyOf(wanted)));
      return result;
    }
    long generation = circuit.generation();
    Cache<AccountId, Balance> cache = l1;
    boolean useL1 = cache != null && circuit.l1Usable();
    Map<AccountId, Load> waits = new LinkedHashMap<>();
    Map<AccountId, Load> mine = new LinkedHashMap<>();
    for (AccountId id : wanted) {
      if (useL1) {
        Balance cached = cache.getIfPresent(id);
        if (cached != null) {
          l1Hits.increment();
          result.put(id, cached);
          continue;
        }
        l1Misses.increment();
      }
      Load claim = new Load();
      Load other = inflight.putIfAbsent(id, claim);
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
          inflight.remove(e.getKey(), e.getValue());
          e.getValue().completeExceptionally(t);
        }
        throw t;
      }
      for (Map.Entry<AccountId, Load> e : mine.entrySet()) {
        Balance b = found.get(e.getKey());
        if (b == null) {
          inflight.remove(e.getKey(), e.getValue());
          e.getValue().completeExceptionally(new AccountNotFoundException("accountId", e.getKey(), "does not exist"));
          continue;
        }
        install(e.getKey(), e.getValue(), b, useL1, generation);
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
          if (b != null) {
            found.put(id, b);
          }
        }
        l2Hits.add(found.size());
        l2Misses.add(ids.size() - found.size());
        missing.removeIf(found::containsKey);
      } catch (RedisCallException e) {
        redisFailed(e);
      }
    }
    if (!missing.isEmpty()) {
      loads.increment();
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
      errors.increment();
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
            redisFailed(RedisCallException.of("write a loaded balance", failure));
          }
        });
    // Sent across a state change (say, after a pause that outlasted an outage and its repair): the
    // value may be one the repair meant to remove, so remove it again.
    if (circuit.generation() != generation) {
      needsRepair(b.accountId());
    }
  }

  // ---- writes ----

  /**
   * Records a committed balance: in L1 at once if newer than L1's, and in Redis (keeping the higher
   * version) by the cache's writer thread, with an invalidation for the other processes. The poster
   * only appends to a lock-free queue: it never waits for Redis and never sees a Redis failure.
   *
   * @param balance the balance a commit produced
   * @throws InvalidRequestException when the balance is null
   */
  @Override
  public void put(Balance balance) {
    requireArgument(balance, "balance");
    if (circuit.closed()) {
      return;
    }
    AccountId id = balance.accountId();
    Cache<AccountId, Balance> cache = l1;
    if (cache != null && circuit.l1Usable()) {
      long generation = circuit.generation();
      cache.asMap().merge(id, balance, RedisBalanceCache::newer);
      if (circuit.generation() != generation) {
        cache.asMap().remove(id, balance);
      }
    }
    if (!circuit.redisUsable()) {
      needsRepair(id);
      return;
    }
    writer.submit(balance);
  }

  /**
   * Drops an account's entry here, in Redis and, through the channel, in every other process.
   * Waits for Redis at most the command timeout; when Redis is unavailable the deletion is done on
   * recovery.
   *
   * @param id the account
   * @throws InvalidRequestException when the id is null
   */
  @Override
  public void invalidate(AccountId id) {
    requireArgument(id, "accountId");
    if (circuit.closed()) {
      return;
    }
    // Loads in progress may have read the value being invalidated: keep them from writing it back.
    circuit.bumpGeneration();
    dropLocally(id);
    if (!circuit.redisUsable()) {
      needsRepair(id);
      return;
    }
    try {
      redis.await(redis.unlink(new String[] {keys.key(id)}), "UNLINK");
      redis.publish(Invalidation.dropped(instanceId, id)).whenComplete((n, failure) -> {
        if (failure != null) {
          redisFailed(RedisCallException.of("announce an invalidation", failure));
        }
      });
    } catch (RedisCallException e) {
      redisFailed(e);
      needsRepair(id);
    }
  }

  /**
   * Drops every entry: this process's L1, every other process's L1 (through the channel), and this
   * prefix's keys in Redis (SCAN and UNLINK, never KEYS). When Redis is unavailable, L1 is cleared
   * now and the Redis part is done by the recovery, which clears the prefix anyway.
   */
  @Override
  public void clearAll() {
    if (circuit.closed()) {
      return;
    }
    circuit.bumpGeneration();
    clearL1();
    if (!circuit.redisUsable()) {
      return;
    }
    try {
      long deleted = redis.unlinkMatching(keys.balancePattern());
      redis.await(redis.publish(Invalidation.clearAll(instanceId)), "PUBLISH");
      LOG.debug("balance cache: cleared {} keys under {}", deleted, keys.prefix());
    } catch (RedisCallException e) {
      redisFailed(e);
    }
  }

  // ---- state ----

  /** @return whether the cache is usable, and why not */
  public CacheHealth health() {
    return circuit.health();
  }

  /** @return the counters since the cache was built */
  public CacheStatistics statistics() {
    return new CacheStatistics(l1Hits.sum(), l1Misses.sum(), l2Hits.sum(), l2Misses.sum(), loads.sum(), errors.sum());
  }

  /** @return the key prefix this cache writes under */
  public String keyPrefix() {
    return keys.prefix();
  }

  /**
   * Stops the probe and closes the Redis connections (and the client, when the cache made it).
   * Afterwards reads go to the loader and writes are ignored. Idempotent.
   */
  @Override
  public void close() {
    if (circuit.closed()) {
      return;
    }
    // Pending writes go out first: a balance committed here but never written would leave Redis
    // with an older one for the other processes until it expires.
    writer.stopAndFlush();
    circuit.close();
    prober.shutdownNow();
    clearer.shutdownNow();
    clearL1();
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisBalanceCache[" + redis.target() + ", prefix " + keys.prefix() + ", " + health().status() + "]";
  }

  // ---- failure handling and recovery ----

  private void redisFailed(RedisCallException e) {
    if (e.kind() == RedisCallException.Kind.INTERRUPTED) {
      return;
    }
    errors.increment();
    if (e.kind() == RedisCallException.Kind.DATA) {
      LOG.debug("balance cache: {}", e.getMessage());
      return;
    }
    if (circuit.trip(e.getMessage())) {
      clearL1();
      scheduleProbe();
    }
  }

  /**
   * Records that Redis may hold a stale entry for an account. If Redis is already usable again (the
   * repair may have run between this write's failure and now), deletes the entry at once.
   */
  private void needsRepair(AccountId id) {
    boolean recorded = pendingRepairs.contains(id);
    if (!recorded) {
      if (pendingRepairs.size() < MAX_PENDING_REPAIRS) {
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

  /** Drops an L1 entry older than a version announced elsewhere, and any load of the key in progress. */
  private void dropIfOlder(AccountId id, long version) {
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
  private void dropLocally(AccountId id) {
    inflight.remove(id);
    Cache<AccountId, Balance> cache = l1;
    if (cache != null) {
      cache.invalidate(id);
    }
  }

  private void clearL1() {
    if (l1 != null) {
      l1.invalidateAll();
    }
  }

  /** Empties L1 on the clearer's thread; the generation has already moved, so no load installs meanwhile. */
  private void clearL1Soon() {
    try {
      clearer.execute(this::clearL1);
    } catch (RejectedExecutionException e) {
      clearL1();
    }
  }

  private void scheduleProbe() {
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
      clearL1();
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

  /** A committed balance waiting for the writer, with the generation it was committed in. */
  private record Pending(Balance balance, long generation) {}

  /**
   * Writes committed balances to Redis on its own thread, so that posting never waits for Redis.
   * Posters only append to a lock-free queue; the writer keeps the newest balance per account of
   * what it drained, sends up to {@value #BATCH} per script call with at most
   * {@value #MAX_IN_FLIGHT} calls in flight, and turns a balance from an older generation (Redis
   * went down, or something was invalidated or cleared since it was committed) into a repair:
   * its key is deleted rather than written.
   */
  private final class Writer implements Runnable {

    static final int MAX_IN_FLIGHT = 32;
    /** Balances per script call: one round trip and one invalidation message for up to this many. */
    static final int BATCH = 64;
    /** Most queued balances taken per round, so that a round's latency stays short. */
    private static final int ROUND = 4_096;
    /** How long the writer goes on waking on its own clock after its last balance before it sleeps. */
    static final long IDLE_NANOS = 50_000_000;

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

    Writer(Duration commandTimeout, Duration interval) {
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
        round.merge(p.balance().accountId(), p, Writer::newerOf);
        p = ++taken < ROUND ? queue.poll() : null;
      }
      long generation = circuit.generation();
      List<Balance> batch = new ArrayList<>(BATCH);
      for (Pending q : round.values()) {
        if (q.generation() != generation) {
          needsRepair(q.balance().accountId());
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
        balances.forEach(b -> needsRepair(b.accountId()));
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
            redisFailed(RedisCallException.of("write committed balances", failure));
            balances.forEach(b -> needsRepair(b.accountId()));
            return;
          }
          for (int i = 0; i < balances.size() && i < kept.size(); i++) {
            Balance b = balances.get(i);
            if (kept.get(i) > b.version()) {
              dropIfOlder(b.accountId(), kept.get(i));
            }
          }
        });
      } catch (RuntimeException e) {
        inFlight.release();
        redisFailed(RedisCallException.of("write committed balances", e));
        balances.forEach(b -> needsRepair(b.accountId()));
        return;
      }
      // Sent across a state change: the repair may already have run, so repair these keys again.
      if (circuit.generation() != generation) {
        balances.forEach(b -> needsRepair(b.accountId()));
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
  }

  /** A load in progress; {@link #announced} is only touched under the in-flight map's lock for its key. */
  private static final class Load extends CompletableFuture<Balance> {
    /** The highest version another process announced while this load ran. */
    long announced = -1;
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

  private static <T> T requireArgument(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

  /** Reports from the Redis link, on Lettuce's threads. */
  private final class LinkEvents implements RedisLink.Events {

    @Override
    public void message(String text) {
      if (Invalidation.sentBy(text, instanceId)) {
        return;
      }
      Invalidation m = Invalidation.parse(text);
      if (m == null) {
        LOG.debug("balance cache: ignored message {}", text);
        return;
      }
      switch (m.kind()) {
        case 'B' -> m.changes().forEach(c -> dropIfOlder(c.account(), c.version()));
        case 'I' -> {
          circuit.bumpGeneration();
          m.changes().forEach(c -> dropLocally(c.account()));
        }
        case 'C' -> {
          circuit.bumpGeneration();
          clearL1Soon();
        }
        default -> LOG.debug("balance cache: ignored message {}", text);
      }
    }

    @Override
    public void subscribed() {
      // Invalidations sent while unsubscribed were missed: nothing in L1 can be trusted.
      clearL1();
      circuit.channelRestored();
    }

    @Override
    public void channelLost() {
      if (circuit.channelLost()) {
        clearL1();
      }
    }

    @Override
    public void connectionLost() {
      redisFailed(new RedisCallException(RedisCallException.Kind.UNAVAILABLE, "the connection was lost", null));
    }
  }

  // ---- building ----

  /** What {@link Builder#build()} validated. */
  private record Settings(Connector connector, KeySpace keys, long l1MaximumSize, Duration l1ExpireAfterWrite,
      Duration l2ExpireAfterWrite, Duration commandTimeout, Duration probeInterval, Duration writeInterval) {}

  /**
   * Builds a {@link RedisBalanceCache}. Each option can be set once and is checked at once; a bad
   * value is an {@link InvalidRequestException} naming the option and the value (with any password
   * hidden). Exactly one connection source is required: {@link #redisUri}, {@link #redisClusterUris},
   * {@link #redisClient} or {@link #redisClusterClient}.
   *
   * <p>{@link #build()} tries to connect once, bounded by the connect timeout. If Redis cannot be
   * reached the cache still builds, starts DEGRADED and connects in the background.
   */
  public static final class Builder {

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    private @Nullable Connector connector;
    private @Nullable String connectorField;
    private @Nullable KeySpace keys;
    private @Nullable Long l1MaximumSize;
    private @Nullable Duration l1ExpireAfterWrite;
    private @Nullable Duration l2ExpireAfterWrite;
    private @Nullable Duration commandTimeout;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration probeInterval;
    private @Nullable Duration writeInterval;
    private @Nullable Integer requestQueueSize;
    private boolean built;

    private Builder() {}

    /**
     * Connects to one Redis server (or a primary behind a proxy) with a client the cache creates and
     * shuts down.
     *
     * @param uri {@code redis://[:password@]host[:port][/database]} or {@code rediss://...} for TLS
     * @return this builder
     */
    public Builder redisUri(String uri) {
      Connector c = Connector.forUri("redisUri", uri);
      setConnector("redisUri", c);
      return this;
    }

    /**
     * Connects to a Redis Cluster through Lettuce's cluster client, created and shut down by the cache.
     *
     * @param seedUris one or more nodes, such as {@code "redis://10.0.0.1:7000"}; TLS and passwords as
     *                 in {@link #redisUri}
     * @return this builder
     */
    public Builder redisClusterUris(String... seedUris) {
      Connector c = Connector.forClusterUris("redisClusterUris", seedUris);
      setConnector("redisClusterUris", c);
      return this;
    }

    /**
     * Uses an existing client, which must have been created with a default URI. The cache opens its
     * own connections from it and closes them on {@link RedisBalanceCache#close()}; it never shuts
     * the client down. For bounded behaviour when Redis is down, give the client
     * {@code ClientOptions} with {@code DisconnectedBehavior.REJECT_COMMANDS}, a bounded request
     * queue and command timeouts; the cache bounds its own waits either way.
     *
     * @param client the client
     * @return this builder
     */
    public Builder redisClient(RedisClient client) {
      setConnector("redisClient", Connector.forClient("redisClient", client));
      return this;
    }

    /**
     * Uses an existing Redis Cluster client; as {@link #redisClient}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder redisClusterClient(RedisClusterClient client) {
      setConnector("redisClusterClient", Connector.forClient("redisClusterClient", client));
      return this;
    }

    /**
     * The prefix of every key and of the invalidation channel; one prefix per ledger. Default
     * {@code "ledger:"}.
     *
     * @param prefix 1 to 100 letters, digits or {@code : _ . -}, such as {@code "ledger:prod:"}
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      keys = once(keys, KeySpace.of(prefix), "keyPrefix", prefix);
      return this;
    }

    /**
     * Most balances kept in this process's L1. Default 10,000; 0 turns L1 off (every read asks Redis).
     *
     * @param size 0 to 1,000,000,000
     * @return this builder
     */
    public Builder l1MaximumSize(long size) {
      if (size < 0 || size > 1_000_000_000L) {
        throw new InvalidRequestException("l1MaximumSize", size, "must be between 0 and 1000000000");
      }
      l1MaximumSize = once(l1MaximumSize, size, "l1MaximumSize", size);
      return this;
    }

    /**
     * How long an L1 entry lives after it was written: the bound on how stale a balance this process
     * can serve when an invalidation from another process is lost. Default 5 seconds.
     *
     * @param expiry 1 ms to 1 day
     * @return this builder
     */
    public Builder l1ExpireAfterWrite(Duration expiry) {
      check("l1ExpireAfterWrite", expiry, Duration.ofMillis(1), Duration.ofDays(1));
      l1ExpireAfterWrite = once(l1ExpireAfterWrite, expiry, "l1ExpireAfterWrite", expiry);
      return this;
    }

    /**
     * How long a balance lives in Redis after it was written. Default 10 minutes.
     *
     * @param expiry 1 second to 30 days
     * @return this builder
     */
    public Builder l2ExpireAfterWrite(Duration expiry) {
      check("l2ExpireAfterWrite", expiry, Duration.ofSeconds(1), Duration.ofDays(30));
      l2ExpireAfterWrite = once(l2ExpireAfterWrite, expiry, "l2ExpireAfterWrite", expiry);
      return this;
    }

    /**
     * The longest a Redis command may take before the cache gives up on it and goes to the store.
     * Default 100 ms.
     *
     * @param timeout 1 ms to 1 minute
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      check("commandTimeout", timeout, Duration.ofMillis(1), MAX_TIMEOUT);
      commandTimeout = once(commandTimeout, timeout, "commandTimeout", timeout);
      return this;
    }

    /**
     * The longest a connection attempt may take, for clients the cache creates. Default 1 second.
     *
     * @param timeout 1 ms to 1 minute
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      check("connectTimeout", timeout, Duration.ofMillis(1), MAX_TIMEOUT);
      connectTimeout = once(connectTimeout, timeout, "connectTimeout", timeout);
      return this;
    }

    /**
     * How long Redis is skipped after a failure before a probe checks it again (and, for clients the
     * cache creates, the longest wait between reconnection attempts). Default 1 second.
     *
     * @param interval 10 ms to 10 minutes
     * @return this builder
     */
    public Builder probeInterval(Duration interval) {
      check("probeInterval", interval, Duration.ofMillis(10), Duration.ofMinutes(10));
      probeInterval = once(probeInterval, interval, "probeInterval", interval);
      return this;
    }

    /**
     * How often the cache's writer sends the balances committed since its last round to Redis (one
     * script call and one invalidation message per round of up to 64 accounts) while postings
     * flow. Default 5 ms. Other processes see a commit in Redis and drop their L1 entry up to this
     * much later; this process's L1 has it at once. Longer rounds cost the machine less: the writer
     * wakes on its own clock while busy, so posting threads never wake it, and it sleeps until the
     * next commit once no balance came for about 50 ms.
     *
     * @param interval 100 microseconds to 1 second
     * @return this builder
     */
    public Builder writeInterval(Duration interval) {
      check("writeInterval", interval, Duration.ofNanos(100_000), Duration.ofSeconds(1));
      writeInterval = once(writeInterval, interval, "writeInterval", interval);
      return this;
    }

    /**
     * Most commands queued on a connection, for clients the cache creates; beyond it commands are
     * rejected (and the cache goes to the store) instead of queuing without bound. Default 10,000.
     *
     * @param size 1 to 10,000,000
     * @return this builder
     */
    public Builder requestQueueSize(int size) {
      if (size < 1 || size > 10_000_000) {
        throw new InvalidRequestException("requestQueueSize", size, "must be between 1 and 10000000");
      }
      requestQueueSize = once(requestQueueSize, size, "requestQueueSize", size);
      return this;
    }

    /**
     * Builds the cache and connects it (see the class comment). The builder cannot be used again.
     *
     * @return the cache
     * @throws InvalidRequestException when no connection source was given, or an option given only
     *         applies to clients the cache creates
     */
    public RedisBalanceCache build() {
      checkNotBuilt();
      if (connector == null) {
        throw new InvalidRequestException("redisUri", null,
            "must be set: give one of redisUri, redisClusterUris, redisClient or redisClusterClient");
      }
      if (!connector.ownsClient()) {
        if (requestQueueSize != null) {
          throw new InvalidRequestException("requestQueueSize", requestQueueSize,
              "applies only to clients the cache creates; set it in the ClientOptions of the " + connectorField);
        }
        if (connectTimeout != null) {
          throw new InvalidRequestException("connectTimeout", connectTimeout,
              "applies only to clients the cache creates; set it in the SocketOptions of the " + connectorField);
        }
      }
      Duration command = commandTimeout == null ? Duration.ofMillis(100) : commandTimeout;
      Duration probe = probeInterval == null ? Duration.ofSeconds(1) : probeInterval;
      connector.configure(command, connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout, probe,
          requestQueueSize == null ? 10_000 : requestQueueSize);
      built = true;
      RedisBalanceCache cache = new RedisBalanceCache(new Settings(connector,
          keys == null ? KeySpace.of("ledger:") : keys,
          l1MaximumSize == null ? 10_000 : l1MaximumSize,
          l1ExpireAfterWrite == null ? Duration.ofSeconds(5) : l1ExpireAfterWrite,
          l2ExpireAfterWrite == null ? Duration.ofMinutes(10) : l2ExpireAfterWrite,
          command, probe, writeInterval == null ? Duration.ofMillis(5) : writeInterval));
      cache.start();
      return cache;
    }

    private void setConnector(String field, Connector c) {
      checkNotBuilt();
      if (connector != null) {
        throw new InvalidRequestException(field, c.target(), "cannot be combined with " + connectorField
            + ", which was already set to " + connector.target());
      }
      connector = c;
      connectorField = field;
    }

    private <T> T once(@Nullable T current, T value, String field, Object shown) {
      checkNotBuilt();
      if (current != null) {
        throw new InvalidRequestException(field, shown, "was already set");
      }
      return value;
    }

    private static void check(String field, @Nullable Duration d, Duration min, Duration max) {
      if (d == null) {
        throw new InvalidRequestException(field, null, "must not be null");
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new InvalidRequestException(field, d, "must be between " + min + " and " + max);
      }
    }

    private void checkNotBuilt() {
      if (built) {
        throw new IllegalStateException("this builder already built a cache");
      }
    }
  }
}
