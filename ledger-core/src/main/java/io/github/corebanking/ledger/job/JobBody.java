package io.github.corebanking.ledger.job;

import java.util.Map;

/**
 * The work of a job, run by {@link JobFrame} while the job's lock is held.
 *
 * <p>A body reports what it did in {@code counts} and returns a one-line summary. To fail, it
 * throws: the frame turns the exception into a FAILED result (counts reported so far are kept),
 * records it and never lets it escape.
 *
 * @param <L> the lock it needs, such as the PostgreSQL lock that carries its connection; a body
 *            that needs none is a {@code JobBody<JobLock>} and runs over every store
 */
@FunctionalInterface
public interface JobBody<L extends JobLock> {

  /**
   * @param lock   the held lock of the job
   * @param counts where to report what was done, in the order a reader should see it
   * @return a one-line summary
   */
  String run(L lock, Map<String, Long> counts);
}
