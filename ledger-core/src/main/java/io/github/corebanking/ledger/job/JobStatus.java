package io.github.corebanking.ledger.job;

/** How a job run ended. */
public enum JobStatus {
  /** The work was done. */
  SUCCEEDED,
  /** Another run held the job's lock; this run did nothing. */
  SKIPPED,
  /** The work failed; the result's message says why. */
  FAILED
}
