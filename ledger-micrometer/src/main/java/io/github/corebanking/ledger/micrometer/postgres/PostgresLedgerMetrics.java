package io.github.corebanking.ledger.micrometer.postgres;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.diagnostics.BlockingLock;
import io.github.corebanking.ledger.postgres.diagnostics.IntegrityStatus;
import io.github.corebanking.ledger.postgres.diagnostics.JobSummary;
import io.github.corebanking.ledger.postgres.diagnostics.PartitionHorizon;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresDiagnostics;
import io.github.corebanking.ledger.postgres.diagnostics.SnapshotStatus;
import io.github.corebanking.ledger.postgres.diagnostics.TableSize;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of one PostgreSQL ledger, fed by {@link PostgresDiagnostics} and cached: a scrape reads
 * the last values, and refreshes them (one round of diagnostic queries, on the scraping thread)
 * only when they are older than the refresh period. A scrape that arrives while another refreshes
 * gets the previous values at once.
 *
 * <p>Gauges (all with the common tags; {@code NaN} until known):
 * <ul>
 *   <li>{@value #PARTITION_MONTHS_AHEAD}: months after the current one with entries partitions
 *       ({@code -1}: not even the current month). Alert below 1.</li>
 *   <li>{@value #SNAPSHOT_LAG}: days of balance snapshots missing up to yesterday. Alert above 0.</li>
 *   <li>{@value #INTEGRITY_PROBLEMS}: problems the last completed integrity check found. Alert above 0.</li>
 *   <li>{@value #INTEGRITY_AGE}: seconds since the last integrity check started.</li>
 *   <li>{@value #JOB_SUCCESS_AGE}, tag {@code job}: seconds since each recorded job last succeeded
 *       (in any node); {@value #JOB_FAILED}, tag {@code job}: 1 when its last run that did work failed.</li>
 *   <li>{@value #TABLE_BYTES}, tag {@code table}: each top-level table's size, partitions included.</li>
 *   <li>{@value #BLOCKED_SESSIONS}: sessions of the database waiting for a lock;
 *       {@value #LONGEST_WAIT}: the longest such wait, in seconds.</li>
 * </ul>
 * Counter {@value #ERRORS}, tag {@code area}: diagnostic queries that failed (the gauges of that
 * area keep their last values).
 *
 * <pre>{@code
 * PostgresLedgerMetrics.bind(diagnostics, registry, Tags.of("ledger", "main"), Duration.ofMinutes(1));
 * }</pre>
 */
public final class PostgresLedgerMetrics {

  /** Gauge: months of partitions ahead. */
  public static final String PARTITION_MONTHS_AHEAD = "ledger.partitions.months.ahead";
  /** Gauge: days of snapshots missing. */
  public static final String SNAPSHOT_LAG = "ledger.snapshots.lag.days";
  /** Gauge: problems found by the last integrity check. */
  public static final String INTEGRITY_PROBLEMS = "ledger.integrity.problems";
  /** Gauge: age of the last integrity check. */
  public static final String INTEGRITY_AGE = "ledger.integrity.age";
  /** Gauge: age of each job's last success. */
  public static final String JOB_SUCCESS_AGE = "ledger.jobs.last.success.age";
  /** Gauge: whether each job's last run failed. */
  public static final String JOB_FAILED = "ledger.jobs.last.failed";
  /** Gauge: size of each top-level table. */
  public static final String TABLE_BYTES = "ledger.table.size";
  /** Gauge: sessions waiting for a lock. */
  public static final String BLOCKED_SESSIONS = "ledger.locks.blocked.sessions";
  /** Gauge: the longest lock wait. */
  public static final String LONGEST_WAIT = "ledger.locks.longest.wait";
  /** Counter: failed diagnostic queries. */
  public static final String ERRORS = "ledger.diagnostics.errors";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresLedgerMetrics.class);

  private final PostgresDiagnostics diagnostics;
  private final MeterRegistry registry;
  private final Tags tags;
  private final long refreshNanos;
  private final ReentrantLock refreshing = new ReentrantLock();
  private final Meter.MeterProvider<Counter> errors;
  private final Map<String, Boolean> jobGauges = new ConcurrentHashMap<>();
  private final Map<String, Boolean> tableGauges = new ConcurrentHashMap<>();
  private volatile long refreshedAt;
  private volatile boolean everRefreshed;
  private volatile @Nullable PartitionHorizon partitions;
  private volatile @Nullable SnapshotStatus snapshots;
  private volatile Optional<IntegrityStatus> integrity = Optional.empty();
  private volatile Map<String, JobSummary> jobs = Map.of();
  private volatile Map<String, TableSize> tables = Map.of();
  private volatile @Nullable List<BlockingLock> locks;

  private PostgresLedgerMetrics(PostgresDiagnostics diagnostics, MeterRegistry registry, Tags tags, Duration refresh) {
    this.diagnostics = diagnostics;
    this.registry = registry;
    this.tags = tags;
    this.refreshNanos = refresh.toNanos();
    this.errors = Counter.builder(ERRORS).description("Diagnostic queries that failed").tags(tags)
        .withRegistry(registry);
  }

  /**
   * Registers the gauges.
   *
   * @param diagnostics the ledger's diagnostics
   * @param registry    where the gauges go
   * @param tags        tags added to every meter
   * @param refresh     how long one round of diagnostics serves the gauges, zero to one hour
   * @return the binding
   */
  public static PostgresLedgerMetrics bind(PostgresDiagnostics diagnostics, MeterRegistry registry, Tags tags,
      Duration refresh) {
    if (diagnostics == null) {
      throw new InvalidRequestException("diagnostics", null, "must not be null");
    }
    if (registry == null) {
      throw new InvalidRequestException("registry", null, "must not be null");
    }
    if (tags == null) {
      throw new InvalidRequestException("tags", null, "must not be null");
    }
    if (refresh == null || refresh.isNegative() || refresh.compareTo(Duration.ofHours(1)) > 0) {
      throw new InvalidRequestException("refresh", refresh, "must be between zero and PT1H");
    }
    PostgresLedgerMetrics m = new PostgresLedgerMetrics(diagnostics, registry, tags, refresh);
    m.gauge(PARTITION_MONTHS_AHEAD, "Months after the current one with entries partitions", Tags.empty(),
        x -> x.partitions == null ? Double.NaN : x.partitions.monthsAhead());
    m.gauge(SNAPSHOT_LAG, "Days of balance snapshots missing up to yesterday", Tags.empty(),
        x -> x.snapshots == null ? Double.NaN : x.snapshots.lagDays());
    m.gauge(INTEGRITY_PROBLEMS, "Problems found by the last completed integrity check", Tags.empty(),
        x -> x.integrity.filter(IntegrityStatus::completed).map(s -> (double) s.problems()).orElse(Double.NaN));
    m.gauge(INTEGRITY_AGE, "Seconds since the last integrity check started", Tags.empty(),
        x -> x.integrity.map(s -> x.ageSeconds(s.lastRun().startedAt())).orElse(Double.NaN));
    m.gauge(BLOCKED_SESSIONS, "Sessions of the database waiting for a lock", Tags.empty(),
        x -> x.locks == null ? Double.NaN : x.locks.stream().mapToInt(BlockingLock::blockedPid).distinct().count());
    m.gauge(LONGEST_WAIT, "The longest lock wait, in seconds", Tags.empty(),
        x -> x.locks == null ? Double.NaN
            : x.locks.stream().mapToDouble(l -> l.waiting().toNanos() / 1e9).max().orElse(0));
    m.refresh();
    return m;
  }

  /** Runs a round of diagnostics now, whatever the age of the last; registers gauges of new jobs and tables. */
  public void refresh() {
    refreshing.lock();
    try {
      partitions = attempt("partitions", diagnostics::partitions, partitions);
      snapshots = attempt("snapshots", diagnostics::snapshots, snapshots);
      Optional<IntegrityStatus> i = attempt("integrity", diagnostics::integrity, null);
      if (i != null) {
        integrity = i;
      }
      List<JobSummary> js = attempt("jobs", diagnostics::jobs, null);
      if (js != null) {
        Map<String, JobSummary> byName = new ConcurrentHashMap<>();
        js.forEach(j -> byName.put(j.job(), j));
        jobs = byName;
        byName.keySet().forEach(this::jobGauges);
      }
      List<TableSize> ts = attempt("tables", diagnostics::tableSizes, null);
      if (ts != null) {
        Map<String, TableSize> byName = new ConcurrentHashMap<>();
        ts.stream().filter(t -> t.parentTable().isEmpty()).forEach(t -> byName.put(t.name(), t));
        tables = byName;
        byName.keySet().forEach(this::tableGauge);
      }
      locks = attempt("locks", diagnostics::blockingLocks, locks);
      refreshedAt = System.nanoTime();
      everRefreshed = true;
    } finally {
      refreshing.unlock();
    }
  }

  private void maybeRefresh() {
    if (everRefreshed && System.nanoTime() - refreshedAt < refreshNanos) {
      return;
    }
    if (refreshing.tryLock()) {
      try {
        if (!everRefreshed || System.nanoTime() - refreshedAt >= refreshNanos) {
          refresh();
        }
      } finally {
        refreshing.unlock();
      }
    }
  }

  private <T> @Nullable T attempt(String area, Supplier<T> call, @Nullable T previous) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      errors.withTags("area", area).increment();
      LOG.debug("ledger diagnostics of {} failed: {}", area, e.toString());
      return previous;
    }
  }

  private void jobGauges(String job) {
    if (jobGauges.putIfAbsent(job, Boolean.TRUE) != null) {
      return;
    }
    gauge(JOB_SUCCESS_AGE, "Seconds since the job last succeeded", Tags.of("job", job), x -> {
      JobSummary s = x.jobs.get(job);
      return s == null ? Double.NaN : s.lastSucceededAt().map(x::ageSeconds).orElse(Double.NaN);
    });
    gauge(JOB_FAILED, "1 when the job's last run that did work failed", Tags.of("job", job), x -> {
      JobSummary s = x.jobs.get(job);
      return s == null ? Double.NaN : s.lastRun().status() == JobStatus.FAILED ? 1 : 0;
    });
  }

  private void tableGauge(String table) {
    if (tableGauges.putIfAbsent(table, Boolean.TRUE) != null) {
      return;
    }
    Gauge.builder(TABLE_BYTES, this, x -> {
      x.maybeRefresh();
      TableSize t = x.tables.get(table);
      return t == null ? Double.NaN : t.totalBytes();
    }).description("Size of the table, its indexes and partitions").baseUnit("bytes").tags(tags).tag("table", table)
        .strongReference(true).register(registry);
  }

  private double ageSeconds(Instant then) {
    return Math.max(0, Duration.between(then, diagnostics.clock().instant()).toMillis() / 1000.0);
  }

  // Strong references: callers often drop the binding, and a weakly held gauge would read NaN after a GC.
  private void gauge(String name, String description, Tags extra, ToDoubleFunction<PostgresLedgerMetrics> value) {
    Gauge.builder(name, this, x -> {
      x.maybeRefresh();
      return value.applyAsDouble(x);
    }).description(description).tags(tags).tags(extra).strongReference(true).register(registry);
  }
}
