package io.github.corebanking.ledger.postgres.jobs;

import java.time.LocalDate;
import java.time.Period;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Deletes daily balance snapshots older than a retention period, keeping what as-of reads need:
 * <ul>
 *   <li>each account's latest snapshot before the cutoff, so an as-of read of any instant after
 *       the cutoff still starts from a snapshot at most one retention period old, however long the
 *       account has been quiet;</li>
 *   <li>each account's last snapshot of every month (unless turned off): its month-end balance,
 *       so reads of old instants start from a snapshot of the same or the previous month and
 *       month-end statements stay cheap.</li>
 * </ul>
 * Snapshots only make reads fast, never correct: a read with no snapshot before it sums entries
 * from the start, so deleting one never changes a balance. The cutoff is today in the bank's zone
 * less the retention; deletes run in batches of {@value #BATCH} rows, one transaction each.
 *
 * <p>Intra-day checkpoints of days before the cutoff are deleted too (the snapshots kept are the
 * bases reads start from).
 *
 * <p>Counts: {@code deleted}, {@code checkpointsDeleted}. Recommended schedule: daily or weekly, after the snapshots.
 */
public final class SnapshotRetentionJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "snapshot-retention";

  /** Rows per delete transaction. */
  static final int BATCH = 10_000;

  private final Period retention;
  private final boolean keepMonthEnds;

  SnapshotRetentionJob(JobContext context, Period retention, boolean keepMonthEnds) {
    super(NAME, context);
    this.retention = retention;
    this.keepMonthEnds = keepMonthEnds;
  }

  /** @return how long snapshots are kept in full */
  public Period retention() {
    return retention;
  }

  /** @return whether each account's last snapshot of every month is kept beyond the retention */
  public boolean keepsMonthEnds() {
    return keepMonthEnds;
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
    LocalDate cutoff = LocalDate.ofInstant(context().clock().instant(), context().zone()).minus(retention);
    SnapshotRetentionSql sql = handle.attach(SnapshotRetentionSql.class);
    long deleted = 0;
    int n;
    do {
      n = sql.deleteBatch(cutoff, keepMonthEnds, BATCH);
      deleted += n;
    } while (n == BATCH);
    long checkpoints = 0;
    do {
      n = sql.deleteCheckpoints(cutoff, BATCH);
      checkpoints += n;
    } while (n == BATCH);
    counts.put("deleted", deleted);
    counts.put("checkpointsDeleted", checkpoints);
    return "deleted " + deleted + " balance snapshots before " + cutoff
        + (keepMonthEnds ? ", kept month-ends and" : ", kept") + " each account's latest before it; deleted "
        + checkpoints + " intra-day checkpoints before it";
  }
}
