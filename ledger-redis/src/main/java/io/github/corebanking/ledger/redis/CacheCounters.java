package io.github.corebanking.ledger.redis;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link RedisBalanceCache#statistics()}, bumped by the reads and by failure handling. */
final class CacheCounters {

  final LongAdder l1Hits = new LongAdder();
  final LongAdder l1Misses = new LongAdder();
  final LongAdder l2Hits = new LongAdder();
  final LongAdder l2Misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder errors = new LongAdder();
  /** Balances a tier held older than this process had seen, read from the store instead. */
  final LongAdder stale = new LongAdder();

  CacheStatistics snapshot() {
    return new CacheStatistics(l1Hits.sum(), l1Misses.sum(), l2Hits.sum(), l2Misses.sum(), loads.sum(), errors.sum(),
        stale.sum());
  }
}
