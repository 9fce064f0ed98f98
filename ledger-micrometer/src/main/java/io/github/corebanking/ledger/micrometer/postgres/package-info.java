/**
 * Gauges of a PostgreSQL ledger fed by its diagnostics: partition horizon, snapshot lag,
 * integrity, job runs, table sizes and lock waits. Needs {@code ledger-postgres} on the class path.
 */
@NullMarked
package io.github.corebanking.ledger.micrometer.postgres;

import org.jspecify.annotations.NullMarked;
