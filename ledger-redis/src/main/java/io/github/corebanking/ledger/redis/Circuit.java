package io.github.corebanking.ledger.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cache may use Redis and its L1 now, and the health that follows.
 *
 * <p>States of the Redis link: {@code UP} (in use), {@code DOWN} (skipped until a probe succeeds),
 * {@code RECOVERING} (a probe reached Redis and is repairing what was missed; still skipped) and
 * {@code CLOSED} (the cache was closed). Independently, the invalidation channel is subscribed or
 * not; L1 is only used while the link is up and the channel subscribed, since only then does this
 * process hear of other processes' writes.
 *
 * <p>The generation grows at every change that makes cached data suspect (the link going down or
 * up, the channel going down or up, a clear). A load that started in one generation neither
 * installs into L1 nor writes to Redis in another. Each change is logged once: WARN when going
 * down, INFO on recovery.
 */
final class Circuit {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceCache.class);

  enum State { UP, DOWN, RECOVERING, CLOSED }

  private final String target;
  private final Clock clock;
  private final AtomicLong generation = new AtomicLong();
  private volatile State state;
  private volatile boolean channelUp;
  private volatile String reason;
  private volatile Instant since;

  Circuit(String target, Clock clock) {
    this.target = target;
    this.clock = clock;
    this.state = State.DOWN;
    this.reason = "not connected to Redis at " + target + " yet";
    this.since = clock.instant();
  }

  /** @return whether Redis commands may be sent */
  boolean redisUsable() {
    return state == State.UP;
  }

  /** @return whether L1 may be read and filled */
  boolean l1Usable() {
    return state == State.UP && channelUp;
  }

  boolean closed() {
    return state == State.CLOSED;
  }

  State state() {
    return state;
  }

  long generation() {
    return generation.get();
  }

  void bumpGeneration() {
    generation.incrementAndGet();
  }

  /** The first connect at build succeeded. */
  synchronized void connected() {
    if (state == State.DOWN) {
      generation.incrementAndGet();
      state = State.UP;
      since = clock.instant();
      LOG.debug("balance cache connected to Redis at {}", target);
    }
  }

  /** The first connect at build failed: start down, logged like any other outage. */
  synchronized void startDown(String cause) {
    reason = cause;
    LOG.warn("balance cache: Redis at {} is unavailable ({}); balances are read from the store until it recovers",
        target, cause);
  }

  /**
   * A command failed while up: go down.
   *
   * @return whether this call made the change (the caller then clears L1 and schedules a probe)
   */
  synchronized boolean trip(String cause) {
    if (state != State.UP) {
      return false;
    }
    generation.incrementAndGet();
    state = State.DOWN;
    reason = cause;
    since = clock.instant();
    LOG.warn("balance cache: Redis at {} is unavailable ({}); balances are read from the store until it recovers",
        target, cause);
    return true;
  }

  /** A probe reached Redis: repair before going up. */
  synchronized boolean startRecovery() {
    if (state != State.DOWN) {
      return false;
    }
    state = State.RECOVERING;
    return true;
  }

  /** A probe or the repair failed: stay down. Not logged above DEBUG: the outage was logged once. */
  synchronized void stillDown(String cause) {
    if (state == State.RECOVERING || state == State.DOWN) {
      state = State.DOWN;
      reason = cause;
    }
    LOG.debug("balance cache: Redis at {} is still unavailable: {}", target, cause);
  }

  /** The repair is done: up again. */
  synchronized boolean recovered() {
    if (state != State.RECOVERING) {
      return false;
    }
    generation.incrementAndGet();
    state = State.UP;
    since = clock.instant();
    LOG.info("balance cache: Redis at {} is available again; the cache is back in use", target);
    return true;
  }

  /** @return whether this call made the change */
  synchronized boolean channelLost() {
    if (!channelUp) {
      return false;
    }
    generation.incrementAndGet();
    channelUp = false;
    if (state == State.UP) {
      since = clock.instant();
      LOG.warn("balance cache: the invalidation channel on {} is disconnected; the per-process cache is bypassed"
          + " until it is subscribed again", target);
    }
    return true;
  }

  /** @return whether this call made the change */
  synchronized boolean channelRestored() {
    if (channelUp || state == State.CLOSED) {
      return false;
    }
    generation.incrementAndGet();
    channelUp = true;
    if (state == State.UP) {
      since = clock.instant();
      LOG.info("balance cache: the invalidation channel on {} is subscribed again", target);
    }
    return true;
  }

  synchronized void close() {
    generation.incrementAndGet();
    state = State.CLOSED;
    channelUp = false;
    since = clock.instant();
  }

  CacheHealth health() {
    State s;
    boolean ch;
    String r;
    Instant at;
    synchronized (this) {
      s = state;
      ch = channelUp;
      r = reason;
      at = since;
    }
    return switch (s) {
      case CLOSED -> new CacheHealth(CacheHealth.Status.DOWN, "the cache is closed; balances are read from the store", at);
      case DOWN, RECOVERING -> new CacheHealth(CacheHealth.Status.DEGRADED,
          "Redis at " + target + " is unavailable (" + r + "); balances are read from the store", at);
      case UP -> ch
          ? new CacheHealth(CacheHealth.Status.UP, "per-process cache and Redis at " + target + " in use", at)
          : new CacheHealth(CacheHealth.Status.DEGRADED, "the invalidation channel on " + target
              + " is not subscribed; the per-process cache is bypassed and Redis is still used", at);
    };
  }
}
