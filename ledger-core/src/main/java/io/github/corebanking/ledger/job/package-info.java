/**
 * The scheduler-agnostic job contract ({@link io.github.corebanking.ledger.job.LedgerJob}, {@link io.github.corebanking.ledger.job.JobResult}) and the jobs that need only the core.
 */
@NullMarked
package io.github.corebanking.ledger.job;

import org.jspecify.annotations.NullMarked;
