package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.internal.SchemaHistory;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.postgres.internal.PostgresJdbi;
import io.github.corebanking.ledger.postgres.internal.SqlStates;
import io.github.corebanking.ledger.postgres.jobs.DailyBalanceSnapshotJob;
import io.github.corebanking.ledger.postgres.jobs.IntegrityCheckJob;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * Answers an operator's questions about one PostgreSQL ledger (one schema), each as one call.
 *
 * <pre>{@code
 * PostgresDiagnostics diagnostics = PostgresDiagnostics.builder(store)   // or builder(dataSource).schema("ledger")
 *     .zone(ZoneId.of("Europe/Berlin"))                                  // the bank's business day
 *     .build();
 * diagnostics.blockingLocks().forEach(System.out::println);            // who blocks whom
 * diagnostics.partitions().monthsAhead();                               // 3
 * diagnostics.snapshots().yesterdayCovered();                          // true
 * }</pre>
 *
 * <p>Every call runs in its own read-only transaction with a statement and lock timeout (default
 * five seconds), takes no lock a posting could wait for, and writes nothing: safe on a production
 * primary. A failure raises a typed {@link LedgerException}: {@link StoreUnavailableException} when
 * the database cannot be reached, {@link io.github.corebanking.ledger.LockTimeoutException} when a
 * call runs out of time. Seeing other sessions' queries in {@link #blockingLocks()} needs a role
 * with {@code pg_read_all_stats} (or {@code pg_monitor}); without it their text is hidden.
 */
public final class PostgresDiagnostics {

  /** The job name of the snapshot job in {@code job_runs}: {@value}. */
  public static final String SNAPSHOT_JOB = DailyBalanceSnapshotJob.NAME;
  /** The job name of the integrity check in {@code job_runs}: {@value}. */
  public static final String INTEGRITY_JOB = IntegrityCheckJob.NAME;
  /** Longest range {@link #snapshotGaps} checks in one call. */
  public static final int MAX_GAP_DAYS = 366;

  private static final Pattern PARTITION_NAME = Pattern.compile("entries_(\\d{4})_(\\d{2})");

  private final Jdbi jdbi;
  private final String schema;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration timeout;

  private PostgresDiagnostics(Builder b, String schema) {
    this.schema = schema;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.zone = b.zone == null ? ZoneOffset.UTC : b.zone;
    this.timeout = b.timeout == null ? Duration.ofSeconds(5) : b.timeout;
    this.jdbi = PostgresJdbi.create(b.dataSource, schema);
  }

  /**
   * @param dataSource the ledger's database
   * @return a builder; the schema defaults to {@code ledger}
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    return new Builder(dataSource);
  }

  /**
   * @param store a store
   * @return a builder over the store's primary data source and schema
   */
  public static Builder builder(PostgresLedgerStore store) {
    if (store == null) {
      throw new InvalidRequestException("store", null, "must not be null");
    }
    return builder(store.dataSource()).schema(store.schema());
  }

  /** @return the ledger's schema */
  public String schema() {
    return schema;
  }

  /** @return the bank's zone, in which "yesterday" is reckoned */
  public ZoneId zone() {
    return zone;
  }

  /** @return the clock that says what "now" is */
  public Clock clock() {
    return clock;
  }

  /**
   * Whether the database answers, what it is, and whether the ledger's schema is migrated.
   *
   * @return the status
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public DatabaseStatus database() {
    long start = System.nanoTime();
    return read("checking the database", sql -> {
      DiagnosticsSql.Server server = sql.server();
      OptionalInt version = SchemaHistory.version(sql.getHandle(), schema, PostgresLedgerSchema.ledgerModule());
      return new DatabaseStatus(server.serverVersion(), server.database(), server.user(), server.inRecovery(),
          schema, version, PostgresLedgerSchema.latestVersion(), Duration.ofNanos(System.nanoTime() - start));
    });
  }

  /**
   * Every session of this database waiting for a lock, with the session that blocks it
   * ({@code pg_blocking_pids}, {@code pg_locks}, {@code pg_stat_activity}), longest wait first.
   *
   * @return the waits; empty when nobody waits
   */
  public List<BlockingLock> blockingLocks() {
    return read("reading blocking locks", DiagnosticsSql::blockingLocks);
  }

  /**
   * The tables, partitions and materialized views of the ledger's schema, largest first.
   *
   * @return their sizes, row estimates and last ANALYZE and VACUUM
   */
  public List<TableSize> tableSizes() {
    return read("reading table sizes", sql -> sql.tableSizes(schema));
  }

  /**
   * The slowest statements of this database, from {@code pg_stat_statements}.
   *
   * @param limit how many, 1 to 1,000
   * @param order slowest per call, or most time in all
   * @return the statements
   * @throws StatementStatisticsUnavailableException when the extension is not installed in the
   *                                                 database or its library is not loaded
   */
  public List<SlowStatement> slowStatements(int limit, SlowStatement.Order order) {
    if (limit < 1 || limit > 1_000) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and 1000");
    }
    if (order == null) {
      throw new InvalidRequestException("order", null, "must not be null");
    }
    return read("reading pg_stat_statements", sql -> {
      String database = sql.server().database();
      String extensionSchema = sql.statementStatisticsSchema().orElseThrow(() ->
          new StatementStatisticsUnavailableException("pg_stat_statements", database,
              "is not installed in this database: add pg_stat_statements to shared_preload_libraries in "
                  + "postgresql.conf, restart the server, then run CREATE EXTENSION pg_stat_statements", null));
      String quoted = '"' + extensionSchema.replace("\"", "\"\"") + '"';
      return order == SlowStatement.Order.MEAN_TIME ? sql.slowestPerCall(quoted, limit)
          : sql.slowestInTotal(quoted, limit);
    });
  }

  /**
   * The {@code entries} partitions and how far ahead of the current month they reach.
   *
   * @return the horizon
   */
  public PartitionHorizon partitions() {
    YearMonth current = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    List<String> names = read("reading partitions", sql -> sql.entriesPartitions(schema));
    List<PartitionHorizon.Partition> partitions = new ArrayList<>(names.size());
    java.util.Set<YearMonth> months = new java.util.HashSet<>();
    for (String name : names) {
      Matcher m = PARTITION_NAME.matcher(name);
      YearMonth month = null;
      if (m.matches()) {
        int mm = Integer.parseInt(m.group(2));
        if (mm >= 1 && mm <= 12) {
          month = YearMonth.of(Integer.parseInt(m.group(1)), mm);
          months.add(month);
        }
      }
      partitions.add(new PartitionHorizon.Partition(name, month));
    }
    YearMonth last = null;
    for (YearMonth m = current; months.contains(m); m = m.plusMonths(1)) {
      last = m;
    }
    return new PartitionHorizon(partitions, current, last);
  }

  /**
   * Whether yesterday (in the bank's zone) has its balance snapshots. Cheap when it does: one
   * index probe; when the latest snapshot is older, one look for a posting booked yesterday.
   *
   * @return the status
   */
  public SnapshotStatus snapshots() {
    LocalDate yesterday = LocalDate.ofInstant(clock.instant(), zone).minusDays(1);
    return read("reading snapshot status", sql -> {
      LocalDate latest = sql.latestSnapshotDate().orElse(null);
      boolean posted = true;
      if (latest == null || latest.isBefore(yesterday)) {
        posted = sql.postedBetween(start(yesterday), start(yesterday.plusDays(1)));
      }
      Instant lastRun = sql.lastSuccess(SNAPSHOT_JOB).map(OffsetDateTime::toInstant).orElse(null);
      return new SnapshotStatus(yesterday, latest, posted, lastRun);
    });
  }

  /**
   * The days of a range that had posted entries but have no snapshot at all: what to re-run the
   * snapshot job for. Reads each day's entries, so keep the range short on a large ledger.
   *
   * @param from the first day
   * @param to   the last day, at most {@value #MAX_GAP_DAYS} days after {@code from}
   * @return the days missing their snapshots, oldest first
   */
  public List<LocalDate> snapshotGaps(LocalDate from, LocalDate to) {
    if (from == null) {
      throw new InvalidRequestException("from", null, "must not be null");
    }
    if (to == null) {
      throw new InvalidRequestException("to", null, "must not be null");
    }
    if (to.isBefore(from)) {
      throw new InvalidRequestException("to", to, "must not be before from " + from);
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_GAP_DAYS) {
      throw new InvalidRequestException("to", to, "is more than " + MAX_GAP_DAYS + " days after from " + from);
    }
    return read("looking for snapshot gaps", sql -> {
      List<LocalDate> gaps = new ArrayList<>();
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        if (!sql.snapshotsOn(d) && sql.postedBetween(start(d), start(d.plusDays(1)))) {
          gaps.add(d);
        }
      }
      return gaps;
    });
  }

  /**
   * Accounts with posted entries on a day but no snapshot for it (a partial snapshot run, or late
   * entries after the run).
   *
   * @param day   the business day
   * @param limit most accounts to list, 1 to 100,000
   * @return the accounts, in id order
   */
  public List<AccountId> accountsMissingSnapshot(LocalDate day, int limit) {
    if (day == null) {
      throw new InvalidRequestException("day", null, "must not be null");
    }
    if (limit < 1 || limit > 100_000) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and 100000");
    }
    return read("looking for accounts without a snapshot", sql ->
        sql.accountsWithoutSnapshot(day, start(day), start(day.plusDays(1)), limit).stream().map(AccountId::new)
            .toList());
  }

  /**
   * The last run that did work (SUCCEEDED or FAILED) of every job recorded in {@code job_runs}.
   *
   * @return one summary per job, by name
   */
  public List<JobSummary> jobs() {
    return read("reading job runs", sql -> {
      List<JobSummary> summaries = new ArrayList<>();
      for (JobRun run : sql.lastRuns()) {
        Instant success = run.status() == io.github.corebanking.ledger.job.JobStatus.SUCCEEDED ? run.startedAt()
            : sql.lastSuccess(run.job()).map(OffsetDateTime::toInstant).orElse(null);
        summaries.add(new JobSummary(run.job(), run, success));
      }
      return summaries;
    });
  }

  /**
   * A job's recorded runs, newest first, SKIPPED ones included.
   *
   * @param job   the job's name, such as {@code integrity-check}
   * @param limit most runs, 1 to 10,000
   * @return the runs
   */
  public List<JobRun> jobRuns(String job, int limit) {
    if (job == null || job.isBlank()) {
      throw new InvalidRequestException("job", job, "must not be blank");
    }
    if (limit < 1 || limit > 10_000) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and 10000");
    }
    return read("reading job runs", sql -> sql.runs(job, limit));
  }

  /**
   * What the last integrity check found.
   *
   * @return its status, or empty when it never ran
   */
  public Optional<IntegrityStatus> integrity() {
    return read("reading the last integrity check", sql -> sql.lastRun(INTEGRITY_JOB).map(IntegrityStatus::new));
  }

  private Instant start(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  private <T> T read(String operation, Function<DiagnosticsSql, T> work) {
    try {
      return jdbi.inTransaction(handle -> {
        DiagnosticsSql sql = handle.attach(DiagnosticsSql.class);
        sql.readOnly();
        sql.timeouts(Long.toString(timeout.toMillis()));
        return work.apply(sql);
      });
    } catch (LedgerException e) {
      throw e;
    } catch (JdbiException e) {
      throw translate(e, operation);
    }
  }

  private LedgerException translate(JdbiException e, String operation) {
    SQLException sqlException = SqlStates.sqlException(e);
    if (sqlException == null) {
      return SqlStates.translate(e, operation + " on schema " + schema);
    }
    String state = SqlStates.state(sqlException);
    String message = String.valueOf(sqlException.getMessage());
    if (state.equals("55000") && message.contains("pg_stat_statements")) {
      return new StatementStatisticsUnavailableException("shared_preload_libraries", "pg_stat_statements",
          "does not list the extension's library, so its view cannot be read: add pg_stat_statements to "
              + "shared_preload_libraries in postgresql.conf and restart the server", sqlException);
    }
    return SqlStates.translate(sqlException, operation + " on schema " + schema);
  }

  /** Builds {@link PostgresDiagnostics}; each setting can be given once. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable String schema;
    private @Nullable Clock clock;
    private @Nullable ZoneId zone;
    private @Nullable Duration timeout;
    private final SetOnce once = new SetOnce("PostgresDiagnostics");

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * @param schema the ledger's schema; default {@code ledger}
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = once.set("schema", PostgresLedgerSchema.validateSchemaName(schema));
      return this;
    }

    /**
     * @param clock what "now" is; default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once.set("clock", clock);
      return this;
    }

    /**
     * @param zone the bank's zone, in which a business day runs; default UTC
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = once.set("zone", zone);
      return this;
    }

    /**
     * @param timeout statement and lock timeout of each call, 100 ms to 10 minutes; default 5 seconds
     * @return this builder
     */
    public Builder queryTimeout(Duration timeout) {
      if (timeout == null || timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new InvalidRequestException("queryTimeout", timeout, "must be between 100 ms and 10 minutes");
      }
      this.timeout = once.set("queryTimeout", timeout);
      return this;
    }

    /** @return the diagnostics; the builder cannot be used again */
    public PostgresDiagnostics build() {
      once.build();
      return new PostgresDiagnostics(this, schema == null ? "ledger" : schema);
    }

  }
}
