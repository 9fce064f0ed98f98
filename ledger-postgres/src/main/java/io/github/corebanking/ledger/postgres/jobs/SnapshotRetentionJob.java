package io.github.corebanking.ledger.postgres.jobs;

import java.time.LocalDate;
import java.time.Period;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

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
public final class SnapshotRetentionJob extends LockedJob {

  /** Rows per delete transaction. */
  static final int BATCH = 10_000;

  /** The delete, in the ledger's schema. */
  interface Sql {
    @SqlUpdate("""
        DELETE FROM <schema>.balance_snapshots d
        WHERE (d.account_id, d.snapshot_date) IN (
            SELECT s.account_id, s.snapshot_date
            FROM <schema>.balance_snapshots s
            WHERE s.snapshot_date < :cutoff
              AND NOT (:keepMonthEnds AND s.snapshot_date = (
                      SELECT max(m.snapshot_date)
                      FROM <schema>.balance_snapshots m
                      WHERE m.account_id = s.account_id
                        AND m.snapshot_date >= CAST(date_trunc('month', s.snapshot_date) AS date)
                        AND m.snapshot_date < CAST(date_trunc('month', s.snapshot_date) + interval '1 month' AS date)))
              AND s.snapshot_date < (SELECT max(k.snapshot_date)
                                     FROM <schema>.balance_snapshots k
                                     WHERE k.account_id = s.account_id AND k.snapshot_date < :cutoff)
            LIMIT :batch)
        """)
    int deleteBatch(@Bind("cutoff") LocalDate cutoff, @Bind("keepMonthEnds") boolean keepMonthEnds,
        @Bind("batch") int batch);

    @SqlUpdate("""
        DELETE FROM <schema>.balance_checkpoints d
        WHERE (d.account_id, d.as_of) IN (
            SELECT c.account_id, c.as_of
            FROM <schema>.balance_checkpoints c
            WHERE c.snapshot_date < :cutoff
            LIMIT :batch)
        """)
    int deleteCheckpoints(@Bind("cutoff") LocalDate cutoff, @Bind("batch") int batch);
  }

  private final Period retention;
  private final boolean keepMonthEnds;

  SnapshotRetentionJob(JobContext context, Period retention, boolean keepMonthEnds) {
    super("snapshot-retention", context);
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
  Outcome work(Handle handle, Map<String, Long> counts) {
    LocalDate cutoff = LocalDate.ofInstant(context().clock().instant(), context().zone()).minus(retention);
    Sql sql = handle.attach(Sql.class);
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
    return Outcome.done("deleted " + deleted + " balance snapshots before " + cutoff
        + (keepMonthEnds ? ", kept month-ends and" : ", kept") + " each account's latest before it; deleted "
        + checkpoints + " intra-day checkpoints before it");
  }
}
