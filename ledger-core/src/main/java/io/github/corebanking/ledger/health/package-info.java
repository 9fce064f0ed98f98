/**
 * Health of a running ledger: {@link io.github.corebanking.ledger.health.LedgerHealth} runs every
 * registered {@link io.github.corebanking.ledger.health.HealthCheck}, each bounded in time, and
 * rolls their answers up into one {@link io.github.corebanking.ledger.health.HealthStatus} with
 * the details an operator needs. Stores and caches ship their own checks (the PostgreSQL module's
 * {@code PostgresHealthChecks}, for one).
 */
@NullMarked
package io.github.corebanking.ledger.health;

import org.jspecify.annotations.NullMarked;
