package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.health.LedgerHealth;

/**
 * Adds components to the ledger's health before it is built: a bean of this type is called with
 * the builder that already holds the database checks.
 *
 * <pre>{@code
 * @Bean
 * LedgerHealthCustomizer paymentsGateway(GatewayClient client) {
 *   return health -> health.nonEssential("gateway", () -> client.ping()
 *       ? CheckResult.up("reachable") : CheckResult.degraded("not reachable"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LedgerHealthCustomizer {

  /**
   * @param health the builder; register components on it
   */
  void customize(LedgerHealth.Builder health);
}
