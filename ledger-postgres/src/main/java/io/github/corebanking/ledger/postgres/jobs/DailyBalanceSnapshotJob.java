package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

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
 * so a re-run replaces the day's snapshots. Candidates are the accounts whose version moved past
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
public final class DailyBalanceSnapshotJob extends LockedJob {

  /** The snapshot statement, in the ledger's schema. */
  interface Sql {
    @SqlUpdate("""
        WITH latest AS (
            SELECT a.id AS account_id,
                   a.version AS live_version,
                   coalesce(prev.as_of, CAST('-infinity' AS timestamptz)) AS base_as_of,
                   coalesce(prev.posted_debits, 0) AS debits,
                   coalesce(prev.posted_credits, 0) AS credits,
                   coalesce(prev.account_version, 0) AS version,
                   EXISTS (SELECT 1 FROM <schema>.balance_snapshots d
                           WHERE d.account_id = a.id AND d.snapshot_date = :date) AS refresh
            FROM <schema>.accounts a
            LEFT JOIN LATERAL (
                SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
                FROM <schema>.balance_snapshots s
                WHERE s.account_id = a.id AND s.snapshot_date < :date
                ORDER BY s.snapshot_date DESC
                LIMIT 1
            ) prev ON true
        ),
        candidates AS (
            -- Touched since the base snapshot (the live version only narrows the search; the values
            -- come from entries), or already snapshotted that day, which a re-run refreshes.
            SELECT * FROM latest WHERE live_version > version OR refresh
        ),
        computed AS (
            SELECT c.account_id,
                   c.debits + delta.debits AS posted_debits,
                   c.credits + delta.credits AS posted_credits,
                   greatest(c.version, delta.version) AS account_version
            FROM candidates c
            CROSS JOIN LATERAL (
                SELECT count(*) AS n,
                       CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS bigint) AS debits,
                       CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS bigint) AS credits,
                       coalesce(max(e.account_version), 0) AS version
                FROM <schema>.entries e
                WHERE e.account_id = c.account_id
                  AND NOT e.pending
                  AND e.posted_at > c.base_as_of
                  AND e.posted_at <= :asOf
            ) delta
            WHERE delta.n > 0 OR c.refresh
        )
        INSERT INTO <schema>.balance_snapshots
            (account_id, snapshot_date, as_of, posted_debits, posted_credits, account_version, created_at)
        SELECT c.account_id, :date, :asOf, c.posted_debits, c.posted_credits, c.account_version, now()
        FROM computed c
        ON CONFLICT (account_id, snapshot_date) DO UPDATE
        SET as_of = EXCLUDED.as_of,
            posted_debits = EXCLUDED.posted_debits,
            posted_credits = EXCLUDED.posted_credits,
            account_version = EXCLUDED.account_version,
            created_at = EXCLUDED.created_at
        """)
    int snapshotDay(@Bind("date") LocalDate date, @Bind("dayStart") Instant dayStart, @Bind("asOf") Instant asOf);

    @SqlUpdate("DELETE FROM <schema>.balance_checkpoints WHERE snapshot_date = :date")
    int clearCheckpoints(@Bind("date") LocalDate date);

    /**
     * The day's checkpoints of every account with at least {@code every} posted entries booked in
     * the day (run after the day's snapshots, which name the accounts active that day): entries
     * grouped by instant, read through the {@code (account_id, posted_at)} index, counted and summed from the account's latest snapshot
     * before the day (all entries when there is none); a checkpoint at each instant of the day where
     * the running count passes a multiple of {@code every}. At an instant, every entry booked at it
     * is counted, as for a snapshot.
     */
    @SqlUpdate("""
        WITH active AS (
            -- Every account with posted entries that day has a snapshot of the day (just written).
            SELECT d.account_id
            FROM <schema>.balance_snapshots d
            WHERE d.snapshot_date = :date
        ),
        base AS (
            SELECT b.account_id,
                   coalesce(prev.as_of, CAST('-infinity' AS timestamptz)) AS base_as_of,
                   coalesce(prev.posted_debits, 0) AS debits,
                   coalesce(prev.posted_credits, 0) AS credits,
                   coalesce(prev.account_version, 0) AS version
            FROM active b
            LEFT JOIN LATERAL (
                SELECT s.as_of, s.posted_debits, s.posted_credits, s.account_version
                FROM <schema>.balance_snapshots s
                WHERE s.account_id = b.account_id AND s.snapshot_date < :date
                ORDER BY s.snapshot_date DESC
                LIMIT 1
            ) prev ON true
        ),
        instants AS (
            SELECT e.account_id, e.posted_at, count(*) AS n,
                   CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT'), 0) AS bigint) AS debits,
                   CAST(coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT'), 0) AS bigint) AS credits,
                   max(e.account_version) AS version
            FROM base b
            JOIN <schema>.entries e
              ON e.account_id = b.account_id AND NOT e.pending
             AND e.posted_at > b.base_as_of AND e.posted_at <= :asOf
            GROUP BY e.account_id, e.posted_at
        ),
        running AS (
            SELECT i.account_id, i.posted_at, i.n,
                   CAST(sum(i.n) OVER w AS bigint) AS counted,
                   sum(i.debits) OVER w AS debits,
                   sum(i.credits) OVER w AS credits,
                   max(i.version) OVER w AS version,
                   sum(i.n) FILTER (WHERE i.posted_at >= :dayStart) OVER (PARTITION BY i.account_id) AS day_entries
            FROM instants i
            WINDOW w AS (PARTITION BY i.account_id ORDER BY i.posted_at ROWS UNBOUNDED PRECEDING)
        )
        INSERT INTO <schema>.balance_checkpoints
            (account_id, as_of, snapshot_date, posted_debits, posted_credits, account_version)
        SELECT r.account_id, r.posted_at, :date, b.debits + r.debits, b.credits + r.credits,
               greatest(b.version, r.version)
        FROM running r
        JOIN base b ON b.account_id = r.account_id
        WHERE r.posted_at >= :dayStart
          AND r.day_entries >= :every
          AND r.counted / :every <> (r.counted - r.n) / :every
        """)
    int checkpointDay(@Bind("date") LocalDate date, @Bind("dayStart") Instant dayStart, @Bind("asOf") Instant asOf,
        @Bind("every") long every);
  }

  /** The longest range one run may cover, about thirty years. */
  static final int MAX_DAYS = 11_000;

  private final Supplier<LocalDate[]> days;
  private final int checkpointEvery;

  DailyBalanceSnapshotJob(JobContext context, Supplier<LocalDate[]> days, int checkpointEvery) {
    super("daily-balance-snapshot", context);
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
  Outcome work(Handle handle, Map<String, Long> counts) {
    LocalDate[] range = days.get();
    ZoneId zone = context().zone();
    Instant now = context().clock().instant();
    if (!asOf(range[1], zone).isBefore(now)) {
      // Entries booked later that day would be missed by reads that start from the snapshot.
      return new Outcome(JobStatus.FAILED, "day " + range[1] + " has not ended yet in " + zone
          + "; a day is snapshotted once it is over");
    }
    Sql sql = handle.attach(Sql.class);
    long rows = 0;
    long checkpoints = 0;
    long dayCount = 0;
    for (LocalDate d = range[0]; !d.isAfter(range[1]); d = d.plusDays(1)) {
      Instant dayStart = d.atStartOfDay(zone).toInstant();
      rows += sql.snapshotDay(d, dayStart, asOf(d, zone));
      sql.clearCheckpoints(d);
      if (checkpointEvery > 0) {
        checkpoints += sql.checkpointDay(d, dayStart, asOf(d, zone), checkpointEvery);
      }
      dayCount++;
    }
    counts.put("days", dayCount);
    counts.put("snapshots", rows);
    counts.put("checkpoints", checkpoints);
    String span = range[0].equals(range[1]) ? range[0].toString() : range[0] + " to " + range[1];
    return Outcome.done("balance snapshots of " + span + " (" + zone + "): " + rows + " written, "
        + checkpoints + " intra-day checkpoints");
  }
}
