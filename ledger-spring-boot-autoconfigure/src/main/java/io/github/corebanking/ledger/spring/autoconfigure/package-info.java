/**
 * Spring Boot auto-configuration of the ledger: {@link
 * io.github.corebanking.ledger.spring.autoconfigure.LedgerAutoConfiguration} (store, ledger, jobs,
 * diagnostics, health, Redis cache, job schedules), {@link
 * io.github.corebanking.ledger.spring.autoconfigure.LedgerMetricsAutoConfiguration} (meters on the
 * application's registry) and {@link
 * io.github.corebanking.ledger.spring.autoconfigure.LedgerHealthIndicatorAutoConfiguration} (the
 * Actuator health indicator {@code ledger}); settings under {@code ledger.*} ({@link
 * io.github.corebanking.ledger.spring.autoconfigure.LedgerProperties}).
 */
@NullMarked
package io.github.corebanking.ledger.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
