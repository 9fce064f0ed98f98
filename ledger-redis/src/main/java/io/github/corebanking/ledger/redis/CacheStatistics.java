package io.github.corebanking.ledger.redis;

/**
 * Counters of a {@link RedisBalanceCache} since it was built. They only grow; take two snapshots
 * and subtract for a rate.
 *
 * @param l1Hits   reads answered by the per-process cache
 * @param l1Misses reads that consulted the per-process cache and did not find a balance there
 *                 (including reads that waited for another thread's load)
 * @param l2Hits   reads answered by Redis
 * @param l2Misses reads that consulted Redis and did not find a balance there
 * @param loads    calls of the store loader (one per missing account for single reads, one per
 *                 batch for {@code getAll})
 * @param errors   Redis commands that failed or timed out, and unreadable cached values
 * @param staleReads balances L1 or Redis held older than a version this process had already seen
 *                 or committed, which were not returned (the store was asked instead)
 */
public record CacheStatistics(long l1Hits, long l1Misses, long l2Hits, long l2Misses, long loads, long errors,
    long staleReads) {

  /**
   * Counters without stale reads.
   *
   * @param l1Hits   reads answered by the per-process cache
   * @param l1Misses reads the per-process cache did not answer
   * @param l2Hits   reads answered by Redis
   * @param l2Misses Redis lookups that found nothing
   * @param loads    calls of the store loader
   * @param errors   failed Redis commands and unreadable values
   */
  public CacheStatistics(long l1Hits, long l1Misses, long l2Hits, long l2Misses, long loads, long errors) {
    this(l1Hits, l1Misses, l2Hits, l2Misses, loads, errors, 0);
  }

  /** @return the share of reads answered by L1, between 0 and 1; 0 when there were none */
  public double l1HitRate() {
    long total = l1Hits + l1Misses;
    return total == 0 ? 0 : (double) l1Hits / total;
  }

  /** @return the share of Redis lookups that found a balance, between 0 and 1; 0 when there were none */
  public double l2HitRate() {
    long total = l2Hits + l2Misses;
    return total == 0 ? 0 : (double) l2Hits / total;
  }
}
