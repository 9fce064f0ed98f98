package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Writes the daily balance snapshots of one business day (or of each day of a range, in order):
 * the posted counters of an account as of the last microsecond of the day in the bank's zone. The
 * store's {@code balanceAsOf(t)} starts from the latest snapshot at or before {@code t} and adds
 * the few entries after it, so as-of reads stay flat in the length of an account's history.
 *
 * <h2>Which accounts</h2>
 * Accounts with posted entries booked since their latest snapshot before the day (since ever, for
 * an account without one) and up to the day's end: the accounts active that day, plus any active
 * on days that were not snapshotted, plus those quiet since before snapshots were first taken (so
 * they get a base). An account without such entries keeps its last snapshot: the as-of read adds
 * the (zero) entries since, which costs one index probe, and the table grows with activity, not
 * with accounts times days. A re-run also refreshes every snapshot the day already has.
 *
 * <h2>How</h2>
 * Computed from entries, never from the live counters: the snapshot of day D is the account's
 * latest snapshot before D plus the posted entries booked after that snapshot's {@code as_of} and
 * up to D's end (all of them when there is no earlier snapshot). One statement per day, upserting,
 * so a re-run replaces the day's snapshots. Each day is one database transaction, under the snapshot
 * lock that a history import takes to repair the snapshots of the accounts it imports into.
 * Candidates are the accounts whose version moved past
 * their latest snapshot's, or that have a snapshot of the day (primary-key probes per account);
 * only their entries after the base snapshot are read, through the {@code (account_id, posted_at)}
 * index, so a day costs in proportion to the accounts and the entries since their snapshots, not
 * to the length of the history or the size of a partition.
 *
 * <h2>Intra-day checkpoints</h2>
 * For an account with at least {@link #checkpointEvery()} posted entries in the day, the run also
 * writes checkpoints inside the day: the counters as of each instant where the account's running
 * count of entries passes a multiple of that number. An as-of read then starts from the latest
 * checkpoint or snapshot before its instant and adds at most about that many entries, however busy
 * the account. A re-run replaces the day's checkpoints; {@link IntegrityCheckJob} checks them with
 * the snapshots (a wrong checkpoint is reported as a snapshot mismatch of its day).
 *
 * <h2>Late entries</h2>
 * An entry is late when it is booked at an instant inside a day that was already snapshotted (a
 * posting in flight at midnight, a node with a slow clock). Re-running the day picks it up. The
 * snapshots of later days were built on the stale one, so after late entries into day D re-run the
 * range from D to the latest snapshotted day ({@link PostgresLedgerJobs#dailyBalanceSnapshots});
 * {@link IntegrityCheckJob} reports any snapshot that differs from its entries. Running the job
 * for the previous day at 02:00 leaves two hours for postings in flight at midnight.
 *
 * <p>A day is snapshotted only once it is over in the bank's zone (by the job's clock): a run for
 * a day not yet ended fails and writes nothing.
 *
 * <p>Counts: {@code days}, {@code snapshots} (rows written), {@code checkpoints}. Recommended schedule: daily at 02:00
 * in the bank's zone, for the previous day ({@link PostgresLedgerJobs#previousDayBalanceSnapshot}).
 */
public final class DailyBalanceSnapshotJob extends FramedJob {

  /** The job's name, in results, locks and {@code job_runs}. */
  public static final String NAME = "daily-balance-snapshot";

  /** The longest range one run may cover, about thirty years. */
  static final int MAX_DAYS = 11_000;

  private final Supplier<LocalDate[]> days;
  private final int checkpointEvery;

  DailyBalanceSnapshotJob(JobContext context, Supplier<LocalDate[]> days, int checkpointEvery) {
    super(NAME, context);
    this.days = days;
    this.checkpointEvery = checkpointEvery;
  }

  /** @return posted entries per intra-day checkpoint of a busy account; 0 when none are written */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /**
   * Checks a range of days.
   *
   * @return the first and last day
   */
  static LocalDate[] range(LocalDate from, LocalDate to) {
    if (from == null) {
      throw new InvalidRequestException("from", null, "must not be null");
    }
    if (to == null) {
      throw new InvalidRequestException("to", null, "must not be null");
    }
    if (to.isBefore(from)) {
      throw new InvalidRequestException("to", to, "must not be before from " + from);
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new InvalidRequestException("to", to, "is more than " + MAX_DAYS + " days after from " + from);
    }
    return new LocalDate[] {from, to};
  }

  /**
   * The instant a snapshot of a day is taken at: the last microsecond of the day in the zone, so
   * that "every entry with posted_at &lt;= as_of" is exactly "every entry booked that day or before".
   *
   * @param date the business day
   * @param zone the bank's zone
   * @return the day's {@code as_of}
   */
  static Instant asOf(LocalDate date, ZoneId zone) {
    return date.plusDays(1).atStartOfDay(zone).toInstant().minus(Duration.ofNanos(1_000));
  }

  @Override
  String work(Handle handle, Map<String, Long> counts) {
    LocalDate[] range = days.get();
    ZoneId zone = context().zone();
    Instant now = context().clock().instant();
    if (!asOf(range[1], zone).isBefore(now)) {
      // Entries booked later that day would be missed by reads that start from the snapshot.
      throw new InvalidRequestException("date", range[1], "has not ended yet in " + zone
          + "; a day is snapshotted once it is over");
    }
    long rows = 0;
    long checkpoints = 0;
    long dayCount = 0;
    for (LocalDate d = range[0]; !d.isAfter(range[1]); d = d.plusDays(1)) {
      LocalDate day = d;
      Instant dayStart = d.atStartOfDay(zone).toInstant();
      long[] written = handle.inTransaction(h -> {
        DailyBalanceSnapshotSql sql = h.attach(DailyBalanceSnapshotSql.class);
        sql.lockSnapshots();
        long snapshots = sql.snapshotDay(day, asOf(day, zone));
        sql.clearCheckpoints(day);
        long points = checkpointEvery > 0 ? sql.checkpointDay(day, dayStart, asOf(day, zone), checkpointEvery) : 0;
        return new long[] {snapshots, points};
      });
      rows += written[0];
      checkpoints += written[1];
      dayCount++;
    }
    counts.put("days", dayCount);
    counts.put("snapshots", rows);
    counts.put("checkpoints", checkpoints);
    String span = range[0].equals(range[1]) ? range[0].toString() : range[0] + " to " + range[1];
    return "balance snapshots of " + span + " (" + zone + "): " + rows + " written, "
        + checkpoints + " intra-day checkpoints";
  }
}
