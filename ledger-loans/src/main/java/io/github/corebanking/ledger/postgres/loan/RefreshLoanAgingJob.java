package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.jobs.PostgresJobLock;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Refreshes the {@code loan_aging} materialized view for today (in the bank's zone), so that the
 * day's aging reports read it instead of computing aging over every loan.
 *
 * <pre>{@code
 * LedgerJob refresh = RefreshLoanAgingJob.builder(dataSource).schema("ledger")
 *     .zone(ZoneId.of("Europe/Berlin")).build();
 * scheduler.scheduleAtFixedRate(refresh::run, 0, 1, TimeUnit.HOURS);   // the guide refreshes hourly
 * }</pre>
 *
 * <p>The job runs on the ledger's one job frame ({@link PostgresLedgerJobs#job}): it takes the
 * schema's lock of that name (a run that finds it taken returns {@link JobStatus#SKIPPED} at once)
 * and, on the connection holding it, in one transaction, records the day and the refresh instant
 * in {@code loan_aging_refresh}, runs {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} and commits. Readers are never blocked: until the
 * commit they see the previous day's or hour's rows, then the new ones, together with the new
 * refresh instant. The refresh instant is taken from the job's clock before the refresh starts,
 * so every change committed before it is in the view. The frame records each run in the
 * ledger's {@code job_runs} table with the count of loans in the view; a failure is a FAILED result.
 *
 * <p>The first run after midnight moves the view to the new day; until then, reports for the new
 * day are computed live. Run the job soon after midnight as well as hourly to keep them cheap.
 */
public final class RefreshLoanAgingJob implements LedgerJob {

  /** The job's name, in results, in {@code job_runs} and in its lock. */
  public static final String NAME = "refresh-loan-aging";

  private final PostgresLedgerJobs jobs;
  private final String schema;
  private final Duration statementTimeout;
  private final LedgerJob today;

  private RefreshLoanAgingJob(Builder b) {
    this.jobs = PostgresLedgerJobs.builder(b.dataSource).schema(b.schema).clock(b.clock).zone(b.zone).build();
    this.schema = b.schema;
    this.statementTimeout = b.statementTimeout;
    this.today = jobs.job(NAME, (lock, counts) ->
        work(lock, LocalDate.ofInstant(jobs.clock().instant(), jobs.zone()), counts));
  }

  /**
   * @param dataSource the ledger's database (the primary: the refresh writes)
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Refreshes the view for today, by the job's clock in the bank's zone.
   *
   * @return SUCCEEDED with the count of loans, SKIPPED when another run holds the lock, or FAILED
   */
  @Override
  public JobResult run() {
    return today.run();
  }

  /**
   * Refreshes the view for a chosen day, such as a month end that will be reported on all day.
   * Reports for any other day, today included, are then computed live until the next refresh.
   *
   * @param asOf the day
   * @return SUCCEEDED with the count of loans, SKIPPED when another run holds the lock, or FAILED
   */
  public JobResult refresh(LocalDate asOf) {
    Checks.notNull(asOf, "asOf");
    return jobs.job(NAME, (lock, counts) -> work(lock, asOf, counts)).run();
  }

  private String work(PostgresJobLock lock, LocalDate asOf, Map<String, Long> counts) {
    long loans = lock.handle().inTransaction(h -> {
      LoanSql sql = h.attach(LoanSql.class);
      sql.timeouts("0", statementTimeout.toMillis() + "ms");
      sql.startAgingRefresh(asOf, OffsetDateTime.ofInstant(jobs.clock().instant(), ZoneOffset.UTC));
      sql.refreshAgingView();
      return sql.finishAgingRefresh();
    });
    counts.put("loans", loans);
    return "loan_aging refreshed for " + asOf + " with " + loans + " loans";
  }

  @Override
  public String toString() {
    return NAME + "[schema=" + schema + "]";
  }

  /** Builds a {@link RefreshLoanAgingJob}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = PostgresLoanStore.DEFAULT_SCHEMA;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private Duration statementTimeout = Duration.ofMinutes(10);
    private final SetOnce once = new SetOnce("RefreshLoanAgingJob");

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.notNull(dataSource, "dataSource");
    }

    /**
     * @param schema the ledger's schema. Default {@code ledger}.
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = PostgresLedgerSchema.validateSchemaName(once.set("schema", schema));
      return this;
    }

    /**
     * @param clock decides "today" and stamps the refresh. Default system UTC.
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once.set("clock", clock);
      return this;
    }

    /**
     * @param zone the bank's zone, in which "today" is taken. Default UTC.
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = once.set("zone", zone);
      return this;
    }

    /**
     * @param timeout the longest the refresh may run, 1 s to 1 hour. Default 10 minutes.
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      Checks.notNull(timeout, "statementTimeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new InvalidRequestException("statementTimeout", timeout, "must be between 1 second and 1 hour");
      }
      this.statementTimeout = once.set("statementTimeout", timeout);
      return this;
    }

    /** @return the job */
    public RefreshLoanAgingJob build() {
      once.build();
      return new RefreshLoanAgingJob(this);
    }
  }
}
