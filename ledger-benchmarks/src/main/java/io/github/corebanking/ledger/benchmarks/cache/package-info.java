/**
 * JMH benchmarks of the Redis balance cache: read latency per tier
 * ({@link io.github.corebanking.ledger.benchmarks.cache.BalanceReadBenchmark}) and what the cache
 * costs a posting ({@link io.github.corebanking.ledger.benchmarks.cache.PostingThroughputBenchmark}).
 * Both use the in-memory store and the Redis at {@code LEDGER_BENCH_REDIS_URL} (default
 * {@code redis://127.0.0.1:6379}), under a fresh key prefix they delete afterwards. How to run them
 * is in {@code ledger-redis/README.md}.
 */
@NullMarked
package io.github.corebanking.ledger.benchmarks.cache;

import org.jspecify.annotations.NullMarked;
