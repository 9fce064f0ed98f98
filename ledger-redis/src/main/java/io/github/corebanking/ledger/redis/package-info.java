/**
 * A tiered balance cache for the ledger: a per-process Caffeine cache (L1) in front of a shared
 * Redis (L2) in front of the store.
 *
 * <p>The entry point is {@link io.github.corebanking.ledger.redis.RedisBalanceCache}; its
 * {@link io.github.corebanking.ledger.redis.RedisBalanceCache#health() health} and
 * {@link io.github.corebanking.ledger.redis.RedisBalanceCache#statistics() statistics} are plain
 * records, and {@link io.github.corebanking.ledger.redis.RedisCacheHealthCheck} reports the health
 * to {@link io.github.corebanking.ledger.health.LedgerHealth}. Every other type in this package is
 * an implementation detail.
 */
@NullMarked
package io.github.corebanking.ledger.redis;

import org.jspecify.annotations.NullMarked;
