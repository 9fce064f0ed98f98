package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.YearEndClose;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Clock;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Map;

/**
 * Closes the last ended financial year into retained earnings through {@link Ledger#closeYear}:
 * the year ending on the latest {@code yearEnd} day before today (in the bank's zone). Idempotent:
 * a run after the year was closed books nothing, a run after postings were backdated into it books
 * the difference, a run once the year's period is closed books nothing and says so.
 *
 * <p>It runs in the {@link JobFrame} over the runs given (normally the store's
 * {@code jobRuns()}), under the name {@value #NAME}. Counts: {@code closingTransactions}.
 * Recommended schedule: daily in the first weeks of the new year, until the year's period is
 * closed; the close of the period (after the auditors) stays the controller's call.
 *
 * <pre>{@code
 * LedgerJob job = new YearEndCloseJob(ledger, store.jobRuns(), clock, ZoneId.of("Europe/Paris"),
 *     MonthDay.of(12, 31), retainedEarnings.id());
 * }</pre>
 */
public final class YearEndCloseJob implements LedgerJob {

  /** The job's name, in results, locks and records. */
  public static final String NAME = "year-end-close";

  private final LedgerJob framed;

  /**
   * @param ledger           the ledger to close
   * @param runs             where the job's lock is taken and its runs recorded
   * @param clock            the clock that says what today is, and stamps runs
   * @param zone             the bank's zone, in which today is read
   * @param yearEnd          the financial year's last day, such as December 31
   * @param retainedEarnings the EQUITY account the year's result goes to
   * @throws io.github.corebanking.ledger.InvalidRequestException naming the argument that is null
   */
  public YearEndCloseJob(Ledger ledger, JobRuns<?> runs, Clock clock, ZoneId zone, MonthDay yearEnd,
      AccountId retainedEarnings) {
    Checks.notNull(ledger, "ledger");
    Checks.notNull(clock, "clock");
    Checks.notNull(zone, "zone");
    Checks.notNull(yearEnd, "yearEnd");
    Checks.notNull(retainedEarnings, "retainedEarnings");
    this.framed = JobFrame.over(Checks.notNull(runs, "runs"), clock)
        .job(NAME, (lock, counts) -> close(ledger, clock, zone, yearEnd, retainedEarnings, counts));
  }

  /**
   * The last day of the last financial year that has ended by {@code today}.
   *
   * @param yearEnd the financial year's last day
   * @param today   today
   * @return the latest date on {@code yearEnd} before today (February 29 becomes the 28th in other years)
   */
  public static LocalDate lastEndedYear(MonthDay yearEnd, LocalDate today) {
    LocalDate candidate = yearEnd.atYear(today.getYear());
    return candidate.isBefore(today) ? candidate : yearEnd.atYear(today.getYear() - 1);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobResult run() {
    return framed.run();
  }

  private static String close(Ledger ledger, Clock clock, ZoneId zone, MonthDay yearEnd, AccountId retainedEarnings,
      Map<String, Long> counts) {
    LocalDate end = lastEndedYear(yearEnd, LocalDate.ofInstant(clock.instant(), zone));
    counts.put("closingTransactions", 0L);
    try {
      YearEndClose close = ledger.closeYear(end, retainedEarnings);
      counts.put("closingTransactions", (long) close.booked().size());
      return close.booked().isEmpty() ? "the year ending " + end + " was already closed"
          : "closed the year ending " + end + " with " + close.booked().size() + " closing transaction(s)";
    } catch (PeriodClosedException e) {
      return "the year ending " + end + " is in a closed period (closed through " + e.closedThrough()
          + "); nothing booked";
    }
  }
}
