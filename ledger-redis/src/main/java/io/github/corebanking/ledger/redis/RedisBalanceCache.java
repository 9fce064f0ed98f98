package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
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
 * unless Redis held a higher version of every one, publishes one message on the prefix's channel
 * naming every balance of the call with its version (a balance found at its own version was put
 * there by a load, which announces nothing, so the commit still announces it). Other instances drop
 * their L1 entries that are older than the announced versions, and keep older balances out of L1
 * from then on (one read or committed before the announcement may arrive after it); an instance
 * ignores its own messages. When Redis reports that it already holds a newer version, this instance
 * drops its L1 entry too.
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

  // This class is the API and the wiring. The read path with its single-flight loads is
  // ReadThrough, L1 and the loads in progress LocalTier, the write-behind thread BalanceWriter,
  // failure handling, probing and the repair after an outage Recovery; all share one Circuit.
  private final String instanceId = UUID.randomUUID().toString();
  private final KeySpace keys;
  private final Circuit circuit;
  private final RedisLink redis;
  private final LocalTier local;
  private final CacheCounters counters = new CacheCounters();
  private final Recovery recovery;
  private final ReadThrough reads;
  private final BalanceWriter writer;
  private final VersionFloor floor;

  private RedisBalanceCache(Settings s) {
    this.floor = new VersionFloor(s.versionFloorSize);
    this.keys = s.keys;
    this.circuit = new Circuit(s.connector.target(), Clock.systemUTC());
    this.local = new LocalTier(s.l1MaximumSize, s.l1ExpireAfterWrite, circuit, keys.prefix());
    this.redis = s.connector.link(s.commandTimeout, keys.channel(), new LinkEvents());
    this.recovery = new Recovery(keys, circuit, redis, local, counters, instanceId, s.probeInterval);
    long l2TtlMillis = s.l2ExpireAfterWrite.toMillis();
    this.reads = new ReadThrough(keys, circuit, redis, local, recovery, counters, l2TtlMillis, instanceId, floor);
    this.writer = new BalanceWriter(keys, circuit, redis, local, recovery, l2TtlMillis, instanceId,
        s.commandTimeout, s.writeInterval);
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
      recovery.scheduleProbe();
    }
  }

  // ---- reads ----

  @Override
  public Balance get(AccountId id, Function<AccountId, Balance> loader) {
    requireArgument(id, "accountId");
    requireArgument(loader, "loader");
    return reads.get(id, loader);
  }

  @Override
  public Map<AccountId, Balance> getAll(Collection<AccountId> ids,
      Function<Collection<AccountId>, Map<AccountId, Balance>> loader) {
    requireArgument(ids, "accountIds");
    requireArgument(loader, "loader");
    return reads.getAll(ids, loader);
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
    floor.saw(balance);
    if (circuit.closed()) {
      return;
    }
    local.committed(balance);
    if (!circuit.redisUsable()) {
      recovery.needsRepair(balance.accountId());
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
    local.dropLocally(id);
    if (!circuit.redisUsable()) {
      recovery.needsRepair(id);
      return;
    }
    try {
      redis.await(redis.unlink(new String[] {keys.key(id)}), "UNLINK");
      redis.publish(Invalidation.dropped(instanceId, id)).whenComplete((n, failure) -> {
        if (failure != null) {
          recovery.redisFailed(RedisCallException.of("announce an invalidation", failure));
        }
      });
    } catch (RedisCallException e) {
      recovery.redisFailed(e);
      recovery.needsRepair(id);
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
    local.clear();
    if (!circuit.redisUsable()) {
      return;
    }
    try {
      long deleted = redis.unlinkMatching(keys.balancePattern());
      redis.await(redis.publish(Invalidation.clearAll(instanceId)), "PUBLISH");
      LOG.debug("balance cache: cleared {} keys under {}", deleted, keys.prefix());
    } catch (RedisCallException e) {
      recovery.redisFailed(e);
    }
  }

  // ---- state ----

  /** @return whether the cache is usable, and why not */
  public CacheHealth health() {
    return circuit.health();
  }

  /** @return the counters since the cache was built */
  public CacheStatistics statistics() {
    return counters.snapshot();
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
    recovery.close();
    local.close();
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisBalanceCache[" + redis.target() + ", prefix " + keys.prefix() + ", " + health().status() + "]";
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
        case 'B' -> m.changes().forEach(c -> local.dropIfOlder(c.account(), c.version()));
        case 'I' -> {
          circuit.bumpGeneration();
          m.changes().forEach(c -> local.dropLocally(c.account()));
        }
        case 'C' -> {
          circuit.bumpGeneration();
          local.clearSoon();
        }
        default -> LOG.debug("balance cache: ignored message {}", text);
      }
    }

    @Override
    public void subscribed() {
      // Invalidations sent while unsubscribed were missed: nothing in L1 can be trusted.
      local.clear();
      circuit.channelRestored();
    }

    @Override
    public void channelLost() {
      if (circuit.channelLost()) {
        local.clear();
      }
    }

    @Override
    public void connectionLost() {
      recovery.redisFailed(new RedisCallException(RedisCallException.Kind.UNAVAILABLE, "the connection was lost", null));
    }
  }

  // ---- building ----

  /** What {@link Builder#build()} validated. */
  private record Settings(Connector connector, KeySpace keys, long l1MaximumSize, Duration l1ExpireAfterWrite,
      Duration l2ExpireAfterWrite, Duration commandTimeout, Duration probeInterval, Duration writeInterval,
      long versionFloorSize) {}

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
    private @Nullable Long versionFloorSize;
    private @Nullable Duration l1ExpireAfterWrite;
    private @Nullable Duration l2ExpireAfterWrite;
    private @Nullable Duration commandTimeout;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration probeInterval;
    private @Nullable Duration writeInterval;
    private @Nullable Integer requestQueueSize;
    private final SetOnce once = new SetOnce("cache");

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
      keys = once.set("keyPrefix", KeySpace.of(prefix), prefix);
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
      l1MaximumSize = once.set("l1MaximumSize", size);
      return this;
    }

    /**
     * Most accounts whose highest seen version this process remembers, so that a balance read
     * through the cache is never older than one it has already returned or committed (after a Redis
     * restart refilled by a slow writer, say): an older value from L1 or Redis is passed over and the
     * store is asked. About 100 bytes an account. Default 100,000; 0 turns the guard off.
     *
     * @param size 0 to 100,000,000
     * @return this builder
     */
    public Builder versionFloorSize(long size) {
      if (size < 0 || size > 100_000_000L) {
        throw new InvalidRequestException("versionFloorSize", size, "must be between 0 and 100000000");
      }
      versionFloorSize = once.set("versionFloorSize", size);
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
      l1ExpireAfterWrite = once.set("l1ExpireAfterWrite", expiry);
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
      l2ExpireAfterWrite = once.set("l2ExpireAfterWrite", expiry);
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
      commandTimeout = once.set("commandTimeout", timeout);
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
      connectTimeout = once.set("connectTimeout", timeout);
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
      probeInterval = once.set("probeInterval", interval);
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
      writeInterval = once.set("writeInterval", interval);
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
      requestQueueSize = once.set("requestQueueSize", size);
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
      once.checkNotBuilt();
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
      once.build();
      RedisBalanceCache cache = new RedisBalanceCache(new Settings(connector,
          keys == null ? KeySpace.of("ledger:") : keys,
          l1MaximumSize == null ? 10_000 : l1MaximumSize,
          l1ExpireAfterWrite == null ? Duration.ofSeconds(5) : l1ExpireAfterWrite,
          l2ExpireAfterWrite == null ? Duration.ofMinutes(10) : l2ExpireAfterWrite,
          command, probe, writeInterval == null ? Duration.ofMillis(5) : writeInterval,
          versionFloorSize == null ? 100_000 : versionFloorSize));
      cache.start();
      return cache;
    }

    private void setConnector(String field, Connector c) {
      once.checkNotBuilt();
      if (connector != null) {
        throw new InvalidRequestException(field, c.target(), "cannot be combined with " + connectorField
            + ", which was already set to " + connector.target());
      }
      connector = c;
      connectorField = field;
    }

    private static void check(String field, @Nullable Duration d, Duration min, Duration max) {
      if (d == null) {
        throw new InvalidRequestException(field, null, "must not be null");
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new InvalidRequestException(field, d, "must be between " + min + " and " + max);
      }
    }

  }
}
