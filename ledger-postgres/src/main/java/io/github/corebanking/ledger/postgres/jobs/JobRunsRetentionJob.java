package io.github.corebanking.ledger.postgres.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Bounds the {@code job_runs} table, which gains a row per run of every job on every node: runs
 * that started more than the retention ago are deleted, and SKIPPED runs (a node that found
 * another node running the job; nothing reads them but an operator looking at the last hours) as
 * soon as they are older than their own, shorter retention. Each job's latest SUCCEEDED run and
 * its latest run that did work are kept whatever their age, since the health checks read them (a
 * monthly job must not look as if it never ran). Deletes run in batches of {@value #BATCH} rows,
 * one statement each.
 *
 * <p>Counts: {@code deleted}. Recommended schedule: daily. Needs {@code DELETE} on
 * {@code job_runs}, which {@code PostgresLedgerSchema.runtimeGrants} grants.
 */
public final class JobRunsRetentionJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "job-runs-retention";

  /** Rows per delete statement. */
  static final int BATCH = 10_000;

  private final Duration retention;
  private final Duration skippedRetention;

  JobRunsRetentionJob(JobContext context, Duration retention, Duration skippedRetention) {
    super(NAME, context);
    this.retention = retention;
    this.skippedRetention = skippedRetention;
  }

  /** @return how long runs are kept */
  public Duration retention() {
    return retention;
  }

  /** @return how long SKIPPED runs are kept */
  public Duration skippedRetention() {
    return skippedRetention;
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
    Instant now = context().clock().instant();
    Instant cutoff = now.minus(retention);
    Instant skippedCutoff = now.minus(skippedRetention);
    JobRunSql sql = handle.attach(JobRunSql.class);
    long deleted = 0;
    int n;
    do {
      n = sql.pruneBatch(cutoff, skippedCutoff, BATCH);
      deleted += n;
    } while (n == BATCH);
    counts.put("deleted", deleted);
    return "deleted " + deleted + " job runs started before " + cutoff + " (SKIPPED runs before " + skippedCutoff
        + "), kept each job's latest success and latest run that did work";
  }
}
