package io.github.corebanking.ledger.health;

/**
 * Checks one component: the database, the partitions, the snapshots, the cache.
 *
 * <p>A check should answer quickly and read only; {@link LedgerHealth} bounds it in time anyway and
 * reports one that throws as {@link HealthStatus#DOWN} with the exception's message.
 *
 * <pre>{@code
 * HealthCheck redis = () -> switch (cache.health()) {
 *   case UP -> CheckResult.up("Redis answers");
 *   case DEGRADED -> CheckResult.degraded("Redis is slow");
 *   case DOWN -> CheckResult.down("Redis is unreachable; reads go to the database");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Checks the component once.
   *
   * @return its status, a one-line message and details
   * @throws Exception when the component cannot be checked; reported as DOWN with the message
   */
  CheckResult check() throws Exception;
}
