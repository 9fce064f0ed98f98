package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobRuns;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.JobCounts;
import io.github.corebanking.ledger.postgres.internal.PostgresJdbi;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link JobRuns} of one PostgreSQL ledger (one schema): a job's lock is a session advisory lock
 * keyed on the schema and the job's name ({@code pg_try_advisory_lock}), so a second run on any
 * node is turned away while ledgers in other schemas of the same database do not block each
 * other; each run is a row of the schema's {@code job_runs} table, pruned by
 * {@link JobRunsRetentionJob}.
 *
 * <p>The store's {@link io.github.corebanking.ledger.postgres.PostgresLedgerStore#jobRuns()} and
 * {@link PostgresLedgerJobs#jobRuns()} over the same schema are the same lock and the same record,
 * whichever builds a job. The lock carries its connection ({@link PostgresJobLock#handle()}).
 */
public final class PostgresJobRuns implements JobRuns<PostgresJobLock> {

  private final Jdbi jdbi;
  private final String schema;

  private PostgresJobRuns(Jdbi jdbi, String schema) {
    this.jdbi = jdbi;
    this.schema = schema;
  }

  /**
   * @param dataSource the ledger's database (the primary: runs are written)
   * @param schema     the ledger's schema
   * @return the runs
   * @throws InvalidRequestException naming {@code dataSource} or {@code schema} when not acceptable
   */
  public static PostgresJobRuns of(DataSource dataSource, String schema) {
    Checks.notNull(dataSource, "dataSource");
    String valid = PostgresLedgerSchema.validateSchemaName(schema);
    return new PostgresJobRuns(PostgresJdbi.create(dataSource, valid), valid);
  }

  /** @return the schema whose jobs these are */
  public String schema() {
    return schema;
  }

  @Override
  public Optional<PostgresJobLock> tryLock(String job) {
    JobFrame.checkName(job);
    Handle handle = null;
    try {
      handle = jdbi.open();
      if (handle.attach(JobRunSql.class).tryLock(schema, job)) {
        return Optional.of(new PostgresJobLock(job, schema, handle));
      }
      handle.close();
      return Optional.empty();
    } catch (JdbiException e) {
      if (handle != null) {
        handle.close();
      }
      throw translate(e, "taking the lock of job " + job);
    }
  }

  @Override
  public void record(JobResult result) {
    Checks.notNull(result, "result");
    try {
      jdbi.useHandle(h -> h.attach(JobRunSql.class).record(result.job(), result.status().name(), result.startedAt(),
          result.duration().toMillis(), JobCounts.json(result.counts()), result.message()));
    } catch (JdbiException e) {
      throw translate(e, "recording a run of job " + result.job() + " in " + schema + ".job_runs");
    }
  }

  @Override
  public List<JobResult> recentRuns(String job, int limit) {
    Checks.notNull(job, "job");
    if (limit < 1 || limit > 10_000) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and 10000");
    }
    try {
      return jdbi.withHandle(h -> h.attach(JobRunSql.class).recentRuns(job, limit));
    } catch (JdbiException e) {
      throw translate(e, "reading the runs of job " + job);
    }
  }

  /** One line: the database's own words and SQLSTATE when the failure came from it. */
  @Override
  public String describe(RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getMessage() != null) {
        String state = sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")";
        return JobRuns.firstLine(sql.getMessage()) + state;
      }
    }
    return JobRuns.super.describe(failure);
  }

  private RuntimeException translate(JdbiException e, String operation) {
    return SqlStates.translate(e, operation + " on schema " + schema);
  }

  @Override
  public String toString() {
    return "PostgresJobRuns[" + schema + "]";
  }
}
