package io.github.corebanking.ledger.health;

/**
 * How healthy a component, or the whole ledger, is. Ordered from best to worst.
 *
 * <ul>
 *   <li>{@link #UP}: everything works.</li>
 *   <li>{@link #DEGRADED}: the ledger serves reads and postings, but something needs an operator:
 *       the Redis cache is down (reads go to the database), a job is late, a partition is missing
 *       ahead of time.</li>
 *   <li>{@link #DOWN}: the ledger cannot serve: an essential component (the database) failed.</li>
 * </ul>
 */
public enum HealthStatus {
  /** Everything works. */
  UP,
  /** Serving, but something needs attention. */
  DEGRADED,
  /** Not serving. */
  DOWN;

  /**
   * The worse of two statuses.
   *
   * @param other another status
   * @return whichever of this and {@code other} is worse
   */
  public HealthStatus and(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
