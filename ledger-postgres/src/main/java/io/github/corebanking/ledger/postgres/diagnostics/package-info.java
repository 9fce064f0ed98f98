/**
 * Diagnostics for a PostgreSQL ledger: what an operator looks at when something is wrong, as calls
 * with typed results instead of psql sessions.
 *
 * <p>{@link io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics} answers: is the
 * database reachable and migrated, who blocks whom on which lock and for how long, how big each
 * table and partition is and when it was last analyzed, which statements are slow
 * ({@code pg_stat_statements}), how far ahead the entries partitions reach, whether yesterday's
 * balance snapshots exist, how each maintenance job last ended and what the last integrity check
 * found. Every call runs in a read-only transaction with a statement timeout, so it is safe on a
 * production primary. {@link io.github.corebanking.ledger.postgres.diagnostics.PostgresHealthChecks}
 * turns the answers into {@link io.github.corebanking.ledger.health.HealthCheck}s. The planner's
 * statistics are refreshed by {@link io.github.corebanking.ledger.postgres.jobs.AnalyzeJob}, one of
 * the jobs of {@link io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs}.
 */
@NullMarked
package io.github.corebanking.ledger.postgres.diagnostics;

import org.jspecify.annotations.NullMarked;
