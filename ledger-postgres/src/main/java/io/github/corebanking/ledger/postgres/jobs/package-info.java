/**
 * Maintenance jobs for the PostgreSQL ledger store, made by
 * {@link io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs}: entry partitions ahead of
 * time, daily balance snapshots, the integrity check, balance recalculation, expiry of pending holds,
 * snapshot and {@code job_runs} retention, and {@code ANALYZE}.
 *
 * <p>Every job is a body run by core's {@link io.github.corebanking.ledger.job.JobFrame} over
 * {@link io.github.corebanking.ledger.postgres.jobs.PostgresJobRuns}: idempotent, guarded by a
 * PostgreSQL session advisory lock keyed on the schema and the job's name (a run that finds the lock
 * taken returns {@link io.github.corebanking.ledger.job.JobStatus#SKIPPED SKIPPED} at once), recorded
 * in the schema's {@code job_runs} table, and never throwing for a failure of its work. Each job's
 * statements are methods of a SqlObject interface of this package whose SQL lives in
 * {@code <Interface>/<method>.sql} beside it.
 */
@NullMarked
package io.github.corebanking.ledger.postgres.jobs;

import org.jspecify.annotations.NullMarked;
