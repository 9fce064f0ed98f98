/**
 * Jobs, free of any scheduler: the contract ({@link io.github.corebanking.ledger.job.LedgerJob},
 * {@link io.github.corebanking.ledger.job.JobResult}), the one frame every job runs in
 * ({@link io.github.corebanking.ledger.job.JobFrame}) over its small SPI
 * ({@link io.github.corebanking.ledger.job.JobRuns}: take the job's lock, record the run), the
 * in-memory runs, and the jobs that need only the core.
 *
 * <p>A job is a name and a body. The frame gives every job the same behaviour: one run at a time
 * per name (a second concurrent run, on any node that shares the runs, is SKIPPED), one record
 * per run, and a failure as a FAILED result, never an exception.
 */
@NullMarked
package io.github.corebanking.ledger.job;

import org.jspecify.annotations.NullMarked;
