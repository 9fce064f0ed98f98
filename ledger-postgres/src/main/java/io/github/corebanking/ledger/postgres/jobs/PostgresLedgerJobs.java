package io.github.corebanking.ledger.postgres.jobs;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.job.BalanceMonitorJob;
import io.github.corebanking.ledger.job.ChangeFeedRetentionJob;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.VerifyHashChainsJob;
import io.github.corebanking.ledger.job.JobBody;
import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.LedgerListener;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Makes the maintenance jobs of one PostgreSQL ledger (one schema): every PostgreSQL job of the
 * library, and the frame for jobs of other modules. Every job is a {@link LedgerJob} run by the one
 * {@link JobFrame} over this schema's {@link PostgresJobRuns}: call {@link LedgerJob#run()} from any
 * scheduler, on any number of nodes; a run that finds another run of the same job on the same
 * schema in progress returns SKIPPED. Each run is recorded in the schema's {@code job_runs} table
 * and returns a result with counts; a failure of the work is a FAILED result, never an exception.
 *
 * <pre>{@code
 * PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(store)   // or builder(dataSource).schema("ledger")
 *     .zone(ZoneId.of("Europe/Berlin"))      // the bank's business day; UTC by default
 *     .ledger(ledger, store)                 // for expireHolds()
 *     .balanceCache(cache)                   // invalidated by recalculateBalances()
 *     .build();
 * ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
 * s.scheduleAtFixedRate(jobs.expireHolds()::run, 0, 1, TimeUnit.HOURS);
 * }</pre>
 *
 * <h2>Job names</h2>
 * One name per job, its lock's name and its rows' {@code job_name}: {@value EnsurePartitionsJob#NAME},
 * {@value DailyBalanceSnapshotJob#NAME}, {@value IntegrityCheckJob#NAME},
 * {@value RecalculateBalancesJob#NAME}, {@value ExpireHoldsJob#NAME} (core's {@link ExpireHoldsJob}),
 * {@value VerifyHashChainsJob#NAME} (core's {@link VerifyHashChainsJob}),
 * {@value SnapshotRetentionJob#NAME}, {@value JobRunsRetentionJob#NAME}, {@value ChangeFeedRetentionJob#NAME}
 * (core's {@link ChangeFeedRetentionJob}), {@value BalanceMonitorJob#NAME} (core's {@link BalanceMonitorJob}) and {@value AnalyzeJob#NAME}
 * (each job type's {@code NAME}).
 *
 * <h2>Recommended schedules</h2>
 * Documented, never built in: the library has no scheduler, use cron, Quartz, Kubernetes CronJobs
 * or a {@code ScheduledExecutorService}.
 * <table>
 *   <caption>Schedules</caption>
 *   <tr><th>job</th><th>when</th><th>why</th></tr>
 *   <tr><td>{@link #previousDayBalanceSnapshot()}</td><td>daily 02:00 (bank's zone)</td>
 *       <td>yesterday's snapshots, two hours after midnight so postings in flight have landed</td></tr>
 *   <tr><td>{@link #expireHolds()}</td><td>hourly (or every few minutes)</td>
 *       <td>releases expired holds; the guide's hourly aging slot</td></tr>
 *   <tr><td>{@link #ensurePartitions()}</td><td>monthly (daily is harmless)</td>
 *       <td>next months' entry partitions exist before the first posting needs them</td></tr>
 *   <tr><td>{@link #integrityCheck()}</td><td>daily, off-peak (03:00)</td>
 *       <td>trial balance, balanced transactions, orphans, counters and snapshots against entries, and the
 *       hash chains from their checkpoints</td></tr>
 *   <tr><td>{@link #verifyHashChains(boolean) verifyHashChains(true)}</td><td>weekly, off-peak</td>
 *       <td>every hash chain from its start: damage to rows verified before</td></tr>
 *   <tr><td>{@link #snapshotRetention(Period)}</td><td>daily or weekly</td>
 *       <td>bounds the snapshot table</td></tr>
 *   <tr><td>{@link #jobRunsRetention()}</td><td>daily</td><td>bounds {@code job_runs}</td></tr>
 *   <tr><td>{@link #changeFeedRetention(Duration, java.util.function.LongSupplier)}</td><td>daily</td>
 *       <td>bounds the change feed to what its consumers may still need</td></tr>
 *   <tr><td>{@link #balanceMonitors(java.util.List)}</td><td>every few seconds to a minute</td>
 *       <td>fires balance monitors; alerts are as fresh as this schedule</td></tr>
 *   <tr><td>{@link #analyze()}</td><td>weekly (Sunday 04:00), after bulk loads</td>
 *       <td>fresh planner statistics; needs the tables' owner</td></tr>
 *   <tr><td>{@link #recalculateBalances(Collection)}</td><td>on demand</td>
 *       <td>after the integrity check reports counter mismatches</td></tr>
 * </table>
 *
 * <h2>Jobs of other modules</h2>
 * A module that keeps tables in the ledger's schema builds its jobs on the same frame, lock and
 * record with {@link #job(String, JobBody)}: the body gets the held {@link PostgresJobLock}, whose
 * {@link PostgresJobLock#handle() handle} is the connection that holds the lock (with
 * {@code <schema>} defined), free to run transactions.
 * <pre>{@code
 * LedgerJob refresh = jobs.job("refresh-loan-aging", (lock, counts) -> {
 *   long loans = lock.handle().inTransaction(h -> h.attach(LoanAgingSql.class).refresh(today()));
 *   counts.put("loans", loans);
 *   return "loan_aging refreshed with " + loans + " loans";
 * });
 * }</pre>
 *
 * <p>Each job holds one connection for its lock while it runs, and its work runs on it (except
 * the voids of {@link #expireHolds()}, which go through the ledger); recording a run takes a
 * connection for a moment after. Size the pool for the jobs that may run at once.
 */
public final class PostgresLedgerJobs {

  /** The schema used when none is given, as for the store. */
  public static final String DEFAULT_SCHEMA = "ledger";
  /** Default months of entry partitions created ahead of the current one. */
  public static final int DEFAULT_MONTHS_AHEAD = 3;
  /** Default holds fetched per round by {@link #expireHolds()}. */
  public static final int DEFAULT_EXPIRY_BATCH = ExpireHoldsJob.DEFAULT_BATCH_SIZE;
  /** Default number of ids the integrity check lists per kind of problem. */
  public static final int DEFAULT_FINDINGS_LIMIT = 1000;
  /** Default posted entries per intra-day checkpoint written by the snapshot jobs. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 64;
  /** Default time {@link #jobRunsRetention()} keeps a run. */
  public static final Duration DEFAULT_JOB_RUNS_RETENTION = Duration.ofDays(90);
  /** Default time {@link #jobRunsRetention()} keeps a SKIPPED run. */
  public static final Duration DEFAULT_SKIPPED_RUNS_RETENTION = Duration.ofDays(1);

  private final JobContext context;
  private final PostgresJobRuns runs;
  private final @Nullable Ledger ledger;
  private final @Nullable LedgerStore store;
  private final @Nullable LedgerStore jobStore;
  private final BalanceCache cache;
  private final int checkpointEvery;

  private PostgresLedgerJobs(Builder b, PostgresJobRuns runs, JobContext context) {
    this.context = context;
    this.runs = runs;
    this.checkpointEvery = b.checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : b.checkpointEvery;
    this.ledger = b.ledger;
    this.store = b.store;
    this.jobStore = b.jobStore;
    this.cache = b.cache == null ? BalanceCache.none() : b.cache;
  }

  /**
   * Starts a builder.
   *
   * @param dataSource the ledger's database (the same the store uses, or one with the same rights)
   * @return the builder
   * @throws InvalidRequestException when {@code dataSource} is null
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new InvalidRequestException("dataSource", null, "must not be null");
    }
    return new Builder(dataSource);
  }

  /**
   * Starts a builder for the jobs of a store: its primary {@code DataSource} and its schema.
   *
   * @param store the store
   * @return the builder, with the schema set
   * @throws InvalidRequestException when {@code store} is null
   */
  public static Builder builder(PostgresLedgerStore store) {
    if (store == null) {
      throw new InvalidRequestException("store", null, "must not be null");
    }
    Builder b = builder(store.dataSource()).schema(store.schema());
    b.jobStore = store;
    return b;
  }

  /** @return the schema the jobs work on */
  public String schema() {
    return context.schema();
  }

  /** @return the zone that delimits a business day */
  public ZoneId zone() {
    return context.zone();
  }

  /** @return the clock that stamps runs and says what "today" and "now" are */
  public Clock clock() {
    return context.clock();
  }

  /**
   * @return the schema's job locks and {@code job_runs} record, the same the store's
   *         {@link PostgresLedgerStore#jobRuns()} uses
   */
  public PostgresJobRuns jobRuns() {
    return runs;
  }

  /**
   * A job of one's own on this schema's frame: its lock, its record, SKIPPED while another run
   * holds the lock, FAILED when the body throws.
   *
   * @param name the job's name ({@link JobFrame#NAME}); choose one no other job of the schema uses
   * @param body the work, given the held lock and its connection
   * @return the job
   * @throws InvalidRequestException naming {@code name} or {@code body} when not acceptable
   */
  public LedgerJob job(String name, JobBody<? super PostgresJobLock> body) {
    return context.frame().job(name, body);
  }

  /** @return the entries partitions job for the current month and the next {@value #DEFAULT_MONTHS_AHEAD} */
  public EnsurePartitionsJob ensurePartitions() {
    return ensurePartitions(DEFAULT_MONTHS_AHEAD);
  }

  /**
   * @param monthsAhead months after the current one to create, 0 to 120
   * @return the entries partitions job
   * @throws InvalidRequestException naming {@code monthsAhead} when it is out of range
   */
  public EnsurePartitionsJob ensurePartitions(int monthsAhead) {
    if (monthsAhead < 0 || monthsAhead > 120) {
      throw new InvalidRequestException("monthsAhead", monthsAhead, "must be between 0 and 120");
    }
    return new EnsurePartitionsJob(context, monthsAhead);
  }

  /**
   * @param date the business day to snapshot
   * @return the snapshot job for that day
   * @throws InvalidRequestException naming {@code date} when it is null
   */
  public DailyBalanceSnapshotJob dailyBalanceSnapshot(LocalDate date) {
    if (date == null) {
      throw new InvalidRequestException("date", null, "must not be null");
    }
    LocalDate[] range = DailyBalanceSnapshotJob.range(date, date);
    return new DailyBalanceSnapshotJob(context, () -> range, checkpointEvery);
  }

  /**
   * The snapshot job for each day of a range, oldest first, in one run: what to run after late
   * entries into {@code from}, up to the latest snapshotted day, or to build the snapshots of an
   * existing ledger's history.
   *
   * @param from the first day
   * @param to   the last day, not before {@code from}, at most about thirty years after it
   * @return the job
   * @throws InvalidRequestException naming the bad bound
   */
  public DailyBalanceSnapshotJob dailyBalanceSnapshots(LocalDate from, LocalDate to) {
    LocalDate[] range = DailyBalanceSnapshotJob.range(from, to);
    return new DailyBalanceSnapshotJob(context, () -> range, checkpointEvery);
  }

  /**
   * The job to schedule daily: each run snapshots the day before the run's date in the bank's zone.
   *
   * @return the job
   */
  public DailyBalanceSnapshotJob previousDayBalanceSnapshot() {
    return new DailyBalanceSnapshotJob(context, () -> {
      LocalDate yesterday = LocalDate.ofInstant(context.clock().instant(), context.zone()).minusDays(1);
      return new LocalDate[] {yesterday, yesterday};
    }, checkpointEvery);
  }

  /** @return the integrity check, listing up to {@value #DEFAULT_FINDINGS_LIMIT} ids per kind of problem */
  public IntegrityCheckJob integrityCheck() {
    return integrityCheck(DEFAULT_FINDINGS_LIMIT);
  }

  /**
   * @param limit most ids listed per kind of problem, 1 to 1,000,000 (totals are always exact)
   * @return the integrity check
   * @throws InvalidRequestException naming {@code limit} when it is out of range
   */
  public IntegrityCheckJob integrityCheck(int limit) {
    if (limit < 1 || limit > 1_000_000) {
      throw new InvalidRequestException("limit", limit, "must be between 1 and 1000000");
    }
    return new IntegrityCheckJob(context, limit, jobStore);
  }

  /** @return the job that rebuilds every account's counters from its entries */
  public RecalculateBalancesJob recalculateBalances() {
    return new RecalculateBalancesJob(context, null, cache);
  }

  /**
   * @param accounts the accounts to rebuild, at least one
   * @return the job that rebuilds their counters from their entries
   * @throws InvalidRequestException naming {@code accounts} when it is null, empty or holds a null
   */
  public RecalculateBalancesJob recalculateBalances(Collection<AccountId> accounts) {
    if (accounts == null) {
      throw new InvalidRequestException("accounts", null, "must not be null");
    }
    if (accounts.isEmpty()) {
      throw new InvalidRequestException("accounts", "[]", "must name at least one account; use recalculateBalances() for all");
    }
    TreeSet<AccountId> sorted = new TreeSet<>();
    int i = 0;
    for (AccountId id : accounts) {
      if (id == null) {
        throw new InvalidRequestException("accounts[" + i + "]", null, "must not be null");
      }
      sorted.add(id);
      i++;
    }
    List<UUID> ids = new ArrayList<>(sorted.size());
    sorted.forEach(id -> ids.add(id.value()));
    return new RecalculateBalancesJob(context, List.copyOf(ids), cache);
  }

  /** @return the incremental hash-chain verification ({@code verifyHashChains(false)}) */
  public VerifyHashChainsJob verifyHashChains() {
    return verifyHashChains(false);
  }

  /**
   * Core's {@link VerifyHashChainsJob} on this schema's lock and record: every entry edited,
   * inserted or deleted behind the ledger's back, by id. The integrity check runs the incremental
   * verification too; schedule a full one weekly.
   *
   * @param full walk every chain from its start instead of from its checkpoint
   * @return the verification job
   * @throws InvalidRequestException naming {@code store} when the jobs were built without the store
   *     ({@code builder(store)} or {@code ledger(ledger, store)})
   */
  public VerifyHashChainsJob verifyHashChains(boolean full) {
    if (jobStore == null) {
      throw new InvalidRequestException("store", null, "must be given with PostgresLedgerJobs.builder(store) or "
          + ".ledger(ledger, store) to verify hash chains");
    }
    return new VerifyHashChainsJob(jobStore, runs, context.clock(), full);
  }

  /** @return the expired-holds job, fetching {@value #DEFAULT_EXPIRY_BATCH} holds per round */
  public ExpireHoldsJob expireHolds() {
    return expireHolds(DEFAULT_EXPIRY_BATCH);
  }

  /**
   * Core's {@link ExpireHoldsJob} on this schema's lock and record: the same job, lock and record
   * as {@code new ExpireHoldsJob(ledger, store, clock, batchSize)} over the PostgreSQL store.
   *
   * @param batchSize holds fetched per round, 1 to 10,000
   * @return the expired-holds job
   * @throws InvalidRequestException naming {@code ledger} when the builder was given no ledger, or
   *                                 {@code batchSize} when it is out of range
   */
  public ExpireHoldsJob expireHolds(int batchSize) {
    if (ledger == null || store == null) {
      throw new InvalidRequestException("ledger", null,
          "must be set with PostgresLedgerJobs.builder(...).ledger(ledger, store) to expire holds");
    }
    return new ExpireHoldsJob(ledger, store, runs, context.clock(), batchSize);
  }

  /**
   * Core's {@link ChangeFeedRetentionJob} on this schema's lock and record.
   *
   * @param retention       how long changes are kept at least, positive
   * @param consumedThrough the position every consumer of the feed has handled; nothing after it is pruned
   * @return the change feed's retention job, deleting {@value ChangeFeedRetentionJob#DEFAULT_BATCH_SIZE}
   *         changes per round
   * @throws InvalidRequestException naming {@code store} when the builder was given no store, or the
   *                                 argument that is null or out of range
   */
  public ChangeFeedRetentionJob changeFeedRetention(Duration retention, java.util.function.LongSupplier consumedThrough) {
    LedgerStore feed = jobStore;
    if (feed == null) {
      throw new InvalidRequestException("store", null,
          "must be set with PostgresLedgerJobs.builder(store) or .ledger(ledger, store) to prune the change feed");
    }
    return new ChangeFeedRetentionJob(feed, runs, context.clock(), retention, consumedThrough,
        ChangeFeedRetentionJob.DEFAULT_BATCH_SIZE);
  }

  /**
   * Core's {@link BalanceMonitorJob} on this schema's lock and record: one evaluator at a time across
   * every node (a second concurrent run is SKIPPED), and the store refuses an evaluation from a stale
   * round besides.
   *
   * @param listeners told of each alert after it is recorded (usually the ledger's listeners)
   * @return the monitor job, reading {@value BalanceMonitorJob#DEFAULT_BATCH_SIZE} changes per round
   * @throws InvalidRequestException naming {@code store} when the builder was given no store, or
   *                                 {@code listeners} when null
   */
  public BalanceMonitorJob balanceMonitors(java.util.List<LedgerListener> listeners) {
    LedgerStore monitored = jobStore;
    if (monitored == null) {
      throw new InvalidRequestException("store", null,
          "must be set with PostgresLedgerJobs.builder(store) or .ledger(ledger, store) to evaluate monitors");
    }
    return new BalanceMonitorJob(monitored, runs, context.clock(), BalanceMonitorJob.DEFAULT_BATCH_SIZE, listeners);
  }

  /**
   * @param retention how long snapshots are kept in full, positive
   * @return the retention job, keeping each account's last snapshot of every month and its latest
   *         before the cutoff
   * @throws InvalidRequestException naming {@code retention} when it is null, zero or negative
   */
  public SnapshotRetentionJob snapshotRetention(Period retention) {
    return snapshotRetention(retention, true);
  }

  /**
   * @param retention     how long snapshots are kept in full, positive
   * @param keepMonthEnds whether each account's last snapshot of every month is kept beyond it
   * @return the retention job; each account's latest snapshot before the cutoff is always kept
   * @throws InvalidRequestException naming {@code retention} when it is null, zero or negative
   */
  public SnapshotRetentionJob snapshotRetention(Period retention, boolean keepMonthEnds) {
    if (retention == null) {
      throw new InvalidRequestException("retention", null, "must not be null");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new InvalidRequestException("retention", retention, "must be positive");
    }
    return new SnapshotRetentionJob(context, retention, keepMonthEnds);
  }

  /**
   * @return the {@code job_runs} retention job, keeping runs {@link #DEFAULT_JOB_RUNS_RETENTION} and
   *         SKIPPED runs {@link #DEFAULT_SKIPPED_RUNS_RETENTION}
   */
  public JobRunsRetentionJob jobRunsRetention() {
    return jobRunsRetention(DEFAULT_JOB_RUNS_RETENTION, DEFAULT_SKIPPED_RUNS_RETENTION);
  }

  /**
   * @param retention        how long runs are kept, positive
   * @param skippedRetention how long SKIPPED runs are kept, positive and not longer than {@code retention}
   * @return the {@code job_runs} retention job; each job's latest success and latest run that did
   *         work are always kept
   * @throws InvalidRequestException naming the retention that is null or out of range
   */
  public JobRunsRetentionJob jobRunsRetention(Duration retention, Duration skippedRetention) {
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new InvalidRequestException("retention", retention, "must be positive");
    }
    if (skippedRetention == null || skippedRetention.isNegative() || skippedRetention.isZero()) {
      throw new InvalidRequestException("skippedRetention", skippedRetention, "must be positive");
    }
    if (skippedRetention.compareTo(retention) > 0) {
      throw new InvalidRequestException("skippedRetention", skippedRetention, "must not exceed retention " + retention);
    }
    return new JobRunsRetentionJob(context, retention, skippedRetention);
  }

  /**
   * @return the job that runs {@code ANALYZE} on the schema's tables; build this factory over a
   *         {@code DataSource} of the tables' owner for it
   */
  public AnalyzeJob analyze() {
    return new AnalyzeJob(context);
  }

  /**
   * The jobs to schedule, with their defaults: partitions, previous-day snapshots, integrity check,
   * {@code job_runs} retention, and expiry of holds when a ledger was given. Snapshot retention
   * (its period is the bank's choice) and {@link #analyze()} (it needs the tables' owner) are not
   * among them.
   *
   * @return the jobs
   */
  public List<LedgerJob> scheduledJobs() {
    List<LedgerJob> jobs = new ArrayList<>(
        List.of(ensurePartitions(), previousDayBalanceSnapshot(), integrityCheck(), jobRunsRetention()));
    if (ledger != null) {
      jobs.add(expireHolds());
    }
    return List.copyOf(jobs);
  }

  /** Builds {@link PostgresLedgerJobs}; each setting can be given once. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable String schema;
    private @Nullable Clock clock;
    private @Nullable ZoneId zone;
    private @Nullable Ledger ledger;
    private @Nullable LedgerStore store;
    /**
     * The store whose hash chains, change feed and monitors the jobs verify, prune and evaluate: the one given to
     * builder(store) or ledger(...).
     */
    private @Nullable LedgerStore jobStore;
    private @Nullable BalanceCache cache;
    private @Nullable Integer checkpointEvery;
    private final SetOnce once = new SetOnce("PostgresLedgerJobs");

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The ledger's schema, as given to {@code PostgresLedgerSchema.migrate}. Default {@code ledger},
     * as for the store.
     *
     * @param schema the name
     * @return this builder
     * @throws InvalidRequestException naming {@code schema} when it is not a valid schema name
     */
    public Builder schema(String schema) {
      this.schema = once.set("schema", PostgresLedgerSchema.validateSchemaName(schema));
      return this;
    }

    /**
     * The clock for run time stamps, "today" and "now". Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once.set("clock", clock);
      return this;
    }

    /**
     * The bank's zone: a business day runs from midnight to midnight there. Default UTC.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = once.set("zone", zone);
      return this;
    }

    /**
     * The ledger over this schema and its store, for {@link #expireHolds()}: holds are voided
     * through the ledger so its cache and listeners see the voids.
     *
     * @param ledger the ledger
     * @param store  the store it was built with
     * @return this builder
     */
    public Builder ledger(Ledger ledger, LedgerStore store) {
      this.ledger = once.set("ledger", ledger);
      this.store = once.set("store", store);
      this.jobStore = store;
      return this;
    }

    /**
     * The ledger's balance cache, so {@link #recalculateBalances()} invalidates the accounts it
     * fixes. Default none.
     *
     * @param cache the cache
     * @return this builder
     */
    public Builder balanceCache(BalanceCache cache) {
      this.cache = once.set("balanceCache", cache);
      return this;
    }

    /**
     * How often the snapshot jobs write intra-day checkpoints for a busy account: one each time
     * its posted entries of the day pass a multiple of this number, so that an as-of read inside
     * the day adds at most about this many entries. Default {@value #DEFAULT_CHECKPOINT_EVERY}.
     *
     * @param entries posted entries per checkpoint, 1 to 1,000,000, or 0 for no checkpoints
     * @return this builder
     * @throws InvalidRequestException naming {@code checkpointEvery} when it is out of range
     */
    public Builder checkpointEvery(int entries) {
      if (entries < 0 || entries > 1_000_000) {
        throw new InvalidRequestException("checkpointEvery", entries, "must be between 0 and 1000000");
      }
      this.checkpointEvery = once.set("checkpointEvery", entries);
      return this;
    }

    /**
     * @return the jobs factory; the builder cannot be used again
     */
    public PostgresLedgerJobs build() {
      once.build();
      String schema = this.schema == null ? DEFAULT_SCHEMA : this.schema;
      Clock clock = this.clock == null ? Clock.systemUTC() : this.clock;
      PostgresJobRuns runs = PostgresJobRuns.of(dataSource, schema);
      JobContext context = new JobContext(JobFrame.over(runs, clock), schema, clock,
          zone == null ? ZoneOffset.UTC : zone);
      return new PostgresLedgerJobs(this, runs, context);
    }
  }
}
