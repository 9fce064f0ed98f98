package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.job.JobLock;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's lock on PostgreSQL: a session advisory lock held by one connection, handed to the job's
 * body with that connection, on which its statements run (so a job holds one connection). The
 * connection is free to run transactions; {@link #close()} rolls back one left open, releases the
 * lock and returns the connection to the pool.
 */
public final class PostgresJobLock implements JobLock {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresJobLock.class);

  private final String job;
  private final String schema;
  private final Handle handle;
  private boolean closed;

  PostgresJobLock(String job, String schema, Handle handle) {
    this.job = job;
    this.schema = schema;
    this.handle = handle;
  }

  @Override
  public String job() {
    return job;
  }

  /** @return the schema whose job this is */
  public String schema() {
    return schema;
  }

  /**
   * @return the connection that holds the lock, with {@code <schema>} defined for the ledger's
   *         schema; the job's statements run on it
   */
  public Handle handle() {
    return handle;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
      handle.attach(JobRunSql.class).unlock(schema, job);
    } catch (RuntimeException e) {
      // The server drops a session lock with its connection; closing the handle ends this one.
      LOG.warn("job {} could not release its lock on schema {}: {}", job, schema, e.toString());
    } finally {
      try {
        handle.close();
      } catch (RuntimeException e) {
        LOG.debug("job {} could not close its connection", job, e);
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresJobLock[" + schema + ":" + job + "]";
  }
}
