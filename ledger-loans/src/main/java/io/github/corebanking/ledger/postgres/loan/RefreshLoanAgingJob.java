package io.github.corebanking.ledger.postgres.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.PostgresJdbi;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>One run is one transaction: it takes a transaction-level advisory lock named after the job
 * and the schema (a run that finds it taken returns {@link JobStatus#SKIPPED} at once), records
 * the day and the refresh instant in {@code loan_aging_refresh}, runs
 * {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} and commits. Readers are never blocked: until the
 * commit they see the previous day's or hour's rows, then the new ones, together with the new
 * refresh instant. The refresh instant is taken from the job's clock before the refresh starts,
 * so every change committed before it is in the view. Each run is recorded in the ledger's
 * {@code job_runs} table with the count of loans in the view; a failure is a FAILED result.
 *
 * <p>The first run after midnight moves the view to the new day; until then, reports for the new
 * day are computed live. Run the job soon after midnight as well as hourly to keep them cheap.
 */
public final class RefreshLoanAgingJob implements LedgerJob {

  /** The job's name, in results, in {@code job_runs} and in its lock. */
  public static final String NAME = "refresh-loan-aging";

  private static final Logger LOG = LoggerFactory.getLogger(RefreshLoanAgingJob.class);

  private final Jdbi jdbi;
  private final String schema;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration statementTimeout;

  private RefreshLoanAgingJob(Builder b) {
    this.jdbi = PostgresJdbi.create(b.dataSource, b.schema);
    this.schema = b.schema;
    this.clock = b.clock;
    this.zone = b.zone;
    this.statementTimeout = b.statementTimeout;
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
    return refresh(LocalDate.ofInstant(clock.instant(), zone));
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
    Instant startedAt = clock.instant();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    JobResult result;
    try {
      Optional<Long> loans = jdbi.inTransaction(h -> work(h.attach(LoanSql.class), asOf));
      if (loans.isEmpty()) {
        result = new JobResult(NAME, JobStatus.SKIPPED, startedAt, since(t0), Map.of(), "another run holds the lock");
      } else {
        counts.put("loans", loans.get());
        result = new JobResult(NAME, JobStatus.SUCCEEDED, startedAt, since(t0), counts,
            "loan_aging refreshed for " + asOf + " with " + loans.get() + " loans");
      }
    } catch (RuntimeException e) {
      LOG.warn("job {} on schema {} failed", NAME, schema, e);
      result = new JobResult(NAME, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
    }
    record(result);
    LOG.debug("{}", result);
    return result;
  }

  private Optional<Long> work(LoanSql sql, LocalDate asOf) {
    sql.timeouts("0", statementTimeout.toMillis() + "ms");
    if (!sql.tryJobLock(schema, NAME)) {
      return Optional.empty();
    }
    sql.startAgingRefresh(asOf, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    sql.refreshAgingView();
    return Optional.of(sql.finishAgingRefresh());
  }

  private void record(JobResult result) {
    try {
      jdbi.useHandle(h -> h.attach(LoanSql.class).recordJobRun(NAME, result.status().name(),
          OffsetDateTime.ofInstant(result.startedAt(), ZoneOffset.UTC), result.duration().toMillis(),
          json(result.counts()), result.message()));
    } catch (RuntimeException e) {
      LOG.warn("job {} could not record its run in {}.job_runs: {}", NAME, schema, describe(e));
    }
  }

  private static String json(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder("{");
    counts.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return b.append('}').toString();
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static String describe(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getMessage() != null) {
        return s.getMessage().lines().findFirst().orElse("").strip()
            + (s.getSQLState() == null ? "" : " (SQLSTATE " + s.getSQLState() + ")");
      }
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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

    private Builder(DataSource dataSource) {
      this.dataSource = Checks.notNull(dataSource, "dataSource");
    }

    /**
     * @param schema the ledger's schema. Default {@code ledger}.
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = PostgresLedgerSchema.validateSchemaName(schema);
      return this;
    }

    /**
     * @param clock decides "today" and stamps the refresh. Default system UTC.
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * @param zone the bank's zone, in which "today" is taken. Default UTC.
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Checks.notNull(zone, "zone");
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
      this.statementTimeout = timeout;
      return this;
    }

    /** @return the job */
    public RefreshLoanAgingJob build() {
      return new RefreshLoanAgingJob(this);
    }
  }
}
