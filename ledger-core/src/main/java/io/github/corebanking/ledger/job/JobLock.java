package io.github.corebanking.ledger.job;

/**
 * A job's lock, held by one run: while it is held, {@link JobRuns#tryLock} for the same job finds
 * it taken, on this node and, for a shared store, on every other. Closing it releases it; close
 * never throws (a lock that cannot be released cleanly dies with its holder, such as a database
 * session).
 *
 * <p>A store may hand its jobs what they need with the lock: the PostgreSQL lock carries the
 * connection that holds it, on which the job's statements run.
 */
public interface JobLock extends AutoCloseable {

  /** @return the name of the job whose lock this is */
  String job();

  /** Releases the lock; a second call does nothing. */
  @Override
  void close();
}
