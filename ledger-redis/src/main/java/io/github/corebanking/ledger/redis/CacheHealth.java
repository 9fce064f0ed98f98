package io.github.corebanking.ledger.redis;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of a {@link RedisBalanceCache}, for health endpoints and dashboards.
 *
 * <pre>{@code
 * CacheHealth h = cache.health();
 * if (h.status() != CacheHealth.Status.UP) {
 *   log.warn("balance cache {} since {}: {}", h.status(), h.since(), h.reason());
 * }
 * }</pre>
 *
 * @param status what the cache can do now
 * @param reason why, in a sentence an operator can act on (never holds a password)
 * @param since  when the cache entered this status
 */
public record CacheHealth(Status status, String reason, Instant since) {

  /** Checks the fields. */
  public CacheHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
  }

  /** What the cache can do. Balances stay correct in every status: the store answers. */
  public enum Status {
    /** Both tiers in use: L1 (per process) and Redis (shared). */
    UP,
    /**
     * Redis is unreachable, slow or failing, or the invalidation channel is not subscribed: the
     * affected tiers are bypassed and reads go to Redis or the store. Postings are unaffected.
     * The cache recovers by itself.
     */
    DEGRADED,
    /** The cache was closed: every read goes to the store and writes are ignored. */
    DOWN
  }
}
