/**
 * Micrometer meters for a ledger, so Prometheus, Datadog, New Relic and every other Micrometer
 * registry see postings, rejections, contention, cache hits, job runs and health.
 *
 * <p>Start at {@link io.github.corebanking.ledger.micrometer.LedgerMetrics}: it hands out the
 * decorators ({@link io.github.corebanking.ledger.micrometer.MeteredLedger},
 * {@link io.github.corebanking.ledger.micrometer.MeteredJob},
 * {@link io.github.corebanking.ledger.micrometer.MeteredBalanceCache}), the listener and the store
 * observer, all sharing one registry and one set of common tags. PostgreSQL gauges (partition
 * horizon, snapshot lag, integrity, job runs) are in the {@code postgres} sub-package; Redis cache
 * tiers in the {@code redis} sub-package. Each needs its module on the class path only when used.
 */
@NullMarked
package io.github.corebanking.ledger.micrometer;

import org.jspecify.annotations.NullMarked;
