package io.github.corebanking.ledger.job;

import java.util.List;
import java.util.Optional;

/**
 * The SPI under the job frame: take a job's lock, record its runs. {@link JobFrame} is its only
 * caller; a store provides one ({@link io.github.corebanking.ledger.spi.LedgerStore#jobRuns()}),
 * so that a job built over any store runs once at a time and leaves one record per run.
 *
 * <p>Implementations: PostgreSQL takes a session advisory lock keyed on the schema and the job's
 * name and records into the schema's {@code job_runs} table; {@link InMemoryJobRuns} keeps a lock
 * per name and a bounded list, for one process. A store shared by several processes must lock
 * across all of them.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <L> the lock it hands out, and so what a job body receives with it
 */
public interface JobRuns<L extends JobLock> {

  /**
   * Takes a job's lock if no one holds it, without waiting. The lock is not reentrant: a second
   * call for the same job before the first lock is closed finds it taken, from any thread.
   *
   * @param job the job's name, as checked by {@link JobFrame#checkName}
   * @return the held lock, or empty when another run holds it
   * @throws io.github.corebanking.ledger.LedgerException when the lock cannot be asked for (the
   *                                                     database is down, say)
   */
  Optional<L> tryLock(String job);

  /**
   * Records one finished run.
   *
   * @param result the run's result
   * @throws io.github.corebanking.ledger.LedgerException when it cannot be stored; the frame logs
   *                                                     it and still returns the result
   */
  void record(JobResult result);

  /**
   * The latest recorded runs of a job, newest first, as far as retention kept them.
   *
   * @param job   the job's name
   * @param limit most runs to return, at least 1
   * @return the runs
   */
  List<JobResult> recentRuns(String job, int limit);

  /**
   * How a failure reads in a FAILED result: one line. The default is the exception's simple
   * class name and message; a store may say it in its own words (PostgreSQL gives the server's
   * message and SQLSTATE).
   *
   * @param failure what the job's body threw
   * @return the result's message
   */
  default String describe(RuntimeException failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  /**
   * @param text a message
   * @return its first line, stripped
   */
  static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }
}
