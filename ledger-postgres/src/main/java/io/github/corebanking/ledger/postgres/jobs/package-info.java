/**
 * Maintenance jobs for the PostgreSQL ledger store, made by
 * {@link io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs}: entry partitions ahead of
 * time, daily balance snapshots, the integrity check, balance recalculation, expiry of pending holds
 * and snapshot retention.
 *
 * <p>Every job is a {@link io.github.corebanking.ledger.job.LedgerJob}: idempotent, guarded by a
 * PostgreSQL session advisory lock keyed on the schema and the job's name (a run that finds the lock
 * taken returns {@link io.github.corebanking.ledger.job.JobStatus#SKIPPED SKIPPED} at once), recorded
 * in the schema's {@code job_runs} table, and never throwing for a failure of its work.
 */
@NullMarked
package io.github.corebanking.ledger.postgres.jobs;

import org.jspecify.annotations.NullMarked;
