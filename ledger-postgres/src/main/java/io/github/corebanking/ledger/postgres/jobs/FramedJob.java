package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.LedgerJob;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A PostgreSQL job of this package: its body, run by the one {@link JobFrame} over the schema's
 * {@link PostgresJobRuns}, on the connection that holds the job's lock. What the frame gives every
 * job (the lock, SKIPPED, the record, FAILED for a failure) is the frame's, not this class's.
 */
abstract class FramedJob implements LedgerJob {

  private final LedgerJob framed;
  private final JobContext context;

  FramedJob(String name, JobContext context) {
    this.context = context;
    this.framed = context.frame().job(name, (lock, counts) -> work(lock.handle(), counts));
  }

  final JobContext context() {
    return context;
  }

  /**
   * The work, run while holding the lock. To fail, throw.
   *
   * @param handle the connection that holds the lock, free to run transactions
   * @param counts where to record what was done
   * @return a one-line summary
   */
  abstract String work(Handle handle, Map<String, Long> counts);

  @Override
  public final String name() {
    return framed.name();
  }

  @Override
  public final JobResult run() {
    return framed.run();
  }

  @Override
  public String toString() {
    return name() + "[schema=" + context.schema() + "]";
  }
}
