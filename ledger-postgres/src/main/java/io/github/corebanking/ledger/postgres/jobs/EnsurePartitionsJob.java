package io.github.corebanking.ledger.postgres.jobs;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Creates the {@code entries} partitions of the current month and of the coming months, so that a
 * posting never has to create one on its hot path. Partitions are UTC calendar months; each gets
 * the {@code (account_id, posted_at)} and {@code (transaction_id)} indexes declared on the parent
 * table. Existing partitions are left alone, so the job is idempotent.
 *
 * <p>Counts: {@code monthsChecked}, {@code created}, {@code existing}. Recommended schedule:
 * monthly (any day of the month works while {@code monthsAhead} is at least 1); daily is harmless.
 */
public final class EnsurePartitionsJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "ensure-partitions";

  private final int monthsAhead;

  EnsurePartitionsJob(JobContext context, int monthsAhead) {
    super(NAME, context);
    this.monthsAhead = monthsAhead;
  }

  /** @return how many months after the current one the job covers */
  public int monthsAhead() {
    return monthsAhead;
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
    // Partitions follow UTC months whatever the bank's zone.
    LocalDate thisMonth = LocalDate.ofInstant(context().clock().instant(), ZoneOffset.UTC).withDayOfMonth(1);
    int months = monthsAhead + 1;
    int created = handle.attach(EnsurePartitionsSql.class).ensurePartitions(thisMonth, months);
    counts.put("monthsChecked", (long) months);
    counts.put("created", (long) created);
    counts.put("existing", (long) (months - created));
    return "entries partitions " + thisMonth + " to " + thisMonth.plusMonths(monthsAhead) + ": created "
        + created + ", " + (months - created) + " already existed";
  }
}
