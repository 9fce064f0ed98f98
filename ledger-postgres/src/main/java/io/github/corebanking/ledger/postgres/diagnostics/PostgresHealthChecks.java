package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.internal.SetOnce;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.HealthCheck;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.EnsurePartitionsJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL ledger's {@link HealthCheck}s, built on {@link PostgresDiagnostics}.
 *
 * <pre>{@code
 * PostgresHealthChecks checks = PostgresHealthChecks.builder(diagnostics).build();
 * LedgerHealth health = checks.register(LedgerHealth.builder())   // database, partitions, snapshots, jobs, integrity
 *     .nonEssential("redis", redisCheck)
 *     .cacheFor(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>What each check says</caption>
 *   <tr><th>check</th><th>UP</th><th>DEGRADED</th><th>DOWN</th></tr>
 *   <tr><td>{@code database}</td><td>answers, writable, schema migrated (by
 *       {@code PostgresLedgerSchema.migrate} or by the user's Flyway or Liquibase)</td><td>—</td>
 *       <td>unreachable, a read-only standby, or the schema is missing or older than the library</td></tr>
 *   <tr><td>{@code partitions}</td><td>the current month and the next {@code monthsAhead} have partitions</td>
 *       <td>fewer months ready ahead, or none for the current month: postings still succeed (the store
 *       creates a missing partition on demand, taking a DDL lock on the posting path), but the
 *       partitions job is behind</td><td>—</td></tr>
 *   <tr><td>{@code snapshots}</td><td>yesterday is snapshotted (or had no postings)</td>
 *       <td>yesterday is missing; details give the lag in days</td><td>—</td></tr>
 *   <tr><td>{@code jobs}</td><td>every job's last run succeeded and every expected job succeeded recently</td>
 *       <td>a job's last run failed, or an expected job has not succeeded within its period</td><td>—</td></tr>
 *   <tr><td>{@code integrity}</td><td>the last check is recent and clean</td>
 *       <td>it found problems, failed, is too old, or never ran</td><td>—</td></tr>
 * </table>
 *
 * <p>{@link #register} makes {@code database} essential and the others non-essential: a missing
 * partition, a late job or an unbalanced book needs an operator, not a node out of rotation.
 * Each check is one or two indexed queries except {@code jobs}, which reads {@code job_runs}; put a
 * cache period on the {@link LedgerHealth} when a load balancer polls it.
 */
public final class PostgresHealthChecks {

  /** Default maximum age of each job's last success: the recommended schedules plus slack. */
  public static final Map<String, Duration> DEFAULT_EXPECTED_JOBS = Collections.unmodifiableMap(new LinkedHashMap<>(Map.of(
      EnsurePartitionsJob.NAME, Duration.ofDays(32),
      PostgresDiagnostics.SNAPSHOT_JOB, Duration.ofHours(26),
      PostgresDiagnostics.INTEGRITY_JOB, Duration.ofHours(26))));

  private final PostgresDiagnostics diagnostics;
  private final int monthsAhead;
  private final Map<String, Duration> expectedJobs;
  private final Duration integrityMaxAge;

  private PostgresHealthChecks(Builder b) {
    this.diagnostics = b.diagnostics;
    this.monthsAhead = b.monthsAhead;
    this.expectedJobs = Collections.unmodifiableMap(new LinkedHashMap<>(b.expectedJobs == null
        ? DEFAULT_EXPECTED_JOBS : b.expectedJobs));
    this.integrityMaxAge = b.integrityMaxAge;
  }

  /**
   * @param diagnostics the ledger's diagnostics
   * @return a builder
   */
  public static Builder builder(PostgresDiagnostics diagnostics) {
    if (diagnostics == null) {
      throw new InvalidRequestException("diagnostics", null, "must not be null");
    }
    return new Builder(diagnostics);
  }

  /**
   * Registers the five checks: {@code database} essential; {@code partitions}, {@code snapshots},
   * {@code jobs} and {@code integrity} non-essential.
   *
   * @param health a health builder
   * @return the same builder
   */
  public LedgerHealth.Builder register(LedgerHealth.Builder health) {
    if (health == null) {
      throw new InvalidRequestException("health", null, "must not be null");
    }
    return health.essential("database", database())
        .nonEssential("partitions", partitions())
        .nonEssential("snapshots", snapshots())
        .nonEssential("jobs", jobs())
        .nonEssential("integrity", integrity());
  }

  /** @return the check that the database answers, is writable and has the ledger's schema */
  public HealthCheck database() {
    return () -> {
      DatabaseStatus s = diagnostics.database();
      CheckResult r;
      if (s.inRecovery()) {
        r = CheckResult.down("connected to a read-only standby; postings need the primary");
      } else if (s.schemaVersion().isEmpty()) {
        r = CheckResult.down("schema " + s.schema() + " is not migrated: run PostgresLedgerSchema.migrate, or your"
            + " Flyway or Liquibase with the ledger's scripts");
      } else if (!s.migrated()) {
        r = CheckResult.down("schema " + s.schema() + " is at version " + s.schemaVersion().getAsInt()
            + ", the library needs " + s.expectedVersion() + ": run PostgresLedgerSchema.migrate, or your Flyway or"
            + " Liquibase with this library's scripts");
      } else {
        r = CheckResult.up("PostgreSQL " + s.serverVersion() + " answers in " + s.roundTrip().toMillis() + " ms");
      }
      return r.withDetail("database", s.database()).withDetail("user", s.user())
          .withDetail("schema", s.schema())
          .withDetail("schemaVersion", s.schemaVersion().isPresent() ? Integer.toString(s.schemaVersion().getAsInt()) : "none")
          .withDetail("roundTripMs", s.roundTrip().toMillis());
    };
  }

  /** @return the check that entries partitions reach far enough ahead */
  public HealthCheck partitions() {
    return () -> {
      PartitionHorizon h = diagnostics.partitions();
      CheckResult r;
      if (!h.currentMonthReady()) {
        r = CheckResult.degraded("no entries partition for the current month " + h.currentMonth()
            + ": postings create it on demand; run EnsurePartitionsJob now");
      } else if (h.monthsAhead() < monthsAhead) {
        r = CheckResult.degraded("entries partitions reach only " + h.lastReady() + ", " + h.monthsAhead()
            + " month(s) ahead of " + h.currentMonth() + " (want " + monthsAhead + "): run EnsurePartitionsJob");
      } else {
        r = CheckResult.up("entries partitions ready through " + h.lastReady());
      }
      return r.withDetail("currentMonth", h.currentMonth()).withDetail("monthsAhead", h.monthsAhead())
          .withDetail("readyThrough", h.readyThrough().map(Object::toString).orElse("none"))
          .withDetail("partitions", h.partitions().size());
    };
  }

  /** @return the check that yesterday's balance snapshots exist */
  public HealthCheck snapshots() {
    return () -> {
      SnapshotStatus s = diagnostics.snapshots();
      CheckResult r = s.yesterdayCovered()
          ? CheckResult.up(s.postedYesterday() ? "snapshots of " + s.yesterday() + " are present"
              : "nothing was posted on " + s.yesterday() + "; no snapshot needed")
          : CheckResult.degraded("no balance snapshots for " + s.yesterday() + " (latest "
              + s.latest().map(Object::toString).orElse("none") + "): run DailyBalanceSnapshotJob for the missing days");
      return r.withDetail("yesterday", s.yesterday()).withDetail("lagDays", s.lagDays())
          .withDetail("latestSnapshot", s.latest().map(Object::toString).orElse("none"))
          .withDetail("lastSuccessfulRun", s.lastSuccess().map(Object::toString).orElse("never"));
    };
  }

  /** @return the check that jobs succeed and run as often as expected */
  public HealthCheck jobs() {
    return () -> {
      Instant now = diagnostics.clock().instant();
      Map<String, JobSummary> byName = new LinkedHashMap<>();
      for (JobSummary s : diagnostics.jobs()) {
        byName.put(s.job(), s);
      }
      List<String> problems = new ArrayList<>();
      Map<String, String> details = new LinkedHashMap<>();
      for (JobSummary s : byName.values()) {
        JobRun last = s.lastRun();
        details.put(s.job(), last.status() + " at " + last.startedAt());
        if (last.status() == JobStatus.FAILED) {
          problems.add(s.job() + " failed at " + last.startedAt() + ": " + last.message());
        }
      }
      for (Map.Entry<String, Duration> expected : expectedJobs.entrySet()) {
        JobSummary s = byName.get(expected.getKey());
        Optional<Instant> success = s == null ? Optional.empty() : s.lastSucceededAt();
        if (success.isEmpty()) {
          problems.add(expected.getKey() + " never succeeded");
          details.putIfAbsent(expected.getKey(), "never ran");
        } else if (success.get().plus(expected.getValue()).isBefore(now)) {
          problems.add(expected.getKey() + " last succeeded at " + success.get() + ", more than "
              + expected.getValue() + " ago");
        }
      }
      CheckResult r = problems.isEmpty()
          ? CheckResult.up(byName.size() + " jobs, last runs succeeded")
          : new CheckResult(HealthStatus.DEGRADED, String.join("; ", problems), Map.of());
      for (Map.Entry<String, String> d : details.entrySet()) {
        r = r.withDetail(d.getKey(), d.getValue());
      }
      return r;
    };
  }

  /** @return the check that the last integrity check is recent and found nothing */
  public HealthCheck integrity() {
    return () -> {
      Optional<IntegrityStatus> status = diagnostics.integrity();
      if (status.isEmpty()) {
        return CheckResult.degraded("the integrity check never ran: schedule IntegrityCheckJob daily");
      }
      IntegrityStatus s = status.get();
      JobRun run = s.lastRun();
      Instant now = diagnostics.clock().instant();
      CheckResult r;
      if (!s.completed()) {
        r = CheckResult.degraded("the last integrity check failed: " + run.message());
      } else if (s.problems() > 0) {
        r = CheckResult.degraded("the last integrity check found " + s.problems() + " problem(s): " + run.message());
      } else if (run.startedAt().plus(integrityMaxAge).isBefore(now)) {
        r = CheckResult.degraded("the last integrity check ran at " + run.startedAt() + ", more than "
            + integrityMaxAge + " ago");
      } else {
        r = CheckResult.up("the last integrity check found nothing wrong");
      }
      r = r.withDetail("checkedAt", run.startedAt()).withDetail("status", run.status());
      for (Map.Entry<String, Long> c : run.counts().entrySet()) {
        r = r.withDetail(c.getKey(), c.getValue());
      }
      return r;
    };
  }

  /** Builds {@link PostgresHealthChecks}. */
  public static final class Builder {
    private final PostgresDiagnostics diagnostics;
    private int monthsAhead = 1;
    private @Nullable Map<String, Duration> expectedJobs;
    private Duration integrityMaxAge = Duration.ofHours(26);
    private final SetOnce once = new SetOnce("PostgresHealthChecks");

    private Builder(PostgresDiagnostics diagnostics) {
      this.diagnostics = diagnostics;
    }

    /**
     * @param months months after the current one that must have partitions, 0 to 24; default 1
     * @return this builder
     */
    public Builder monthsAhead(int months) {
      once.checkNotBuilt();
      if (months < 0 || months > 24) {
        throw new InvalidRequestException("monthsAhead", months, "must be between 0 and 24");
      }
      this.monthsAhead = once.set("monthsAhead", months);
      return this;
    }

    /**
     * The jobs that must succeed at least once per period; replaces {@link #DEFAULT_EXPECTED_JOBS}.
     *
     * @param jobs job name to the longest time allowed since its last success; may be empty
     * @return this builder
     */
    public Builder expectedJobs(Map<String, Duration> jobs) {
      once.checkNotBuilt();
      if (jobs == null) {
        throw new InvalidRequestException("expectedJobs", null, "must not be null");
      }
      for (Map.Entry<String, Duration> e : jobs.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank()) {
          throw new InvalidRequestException("expectedJobs key", e.getKey(), "must not be blank");
        }
        if (e.getValue() == null || e.getValue().isNegative() || e.getValue().isZero()) {
          throw new InvalidRequestException("expectedJobs[" + e.getKey() + "]", e.getValue(), "must be positive");
        }
      }
      this.expectedJobs = new LinkedHashMap<>(once.set("expectedJobs", jobs));
      return this;
    }

    /**
     * @param maxAge the oldest an integrity check may be before the check says DEGRADED; default 26 hours
     * @return this builder
     */
    public Builder integrityMaxAge(Duration maxAge) {
      once.checkNotBuilt();
      if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
        throw new InvalidRequestException("integrityMaxAge", maxAge, "must be positive");
      }
      this.integrityMaxAge = once.set("integrityMaxAge", maxAge);
      return this;
    }

    /** @return the checks; the builder cannot be used again */
    public PostgresHealthChecks build() {
      once.build();
      return new PostgresHealthChecks(this);
    }
  }
}
