package io.github.corebanking.ledger.postgres.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.health.CheckResult;
import io.github.corebanking.ledger.health.ComponentHealth;
import io.github.corebanking.ledger.health.HealthReport;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresHealthChecksTest {

  private OpsDatabase db;
  private PostgresHealthChecks checks;

  @BeforeEach
  void freshSchema() {
    db = new OpsDatabase("diag_health", Instant.parse("2031-03-14T10:00:00Z"));
    checks = PostgresHealthChecks.builder(db.diagnostics).build();
  }

  @AfterEach
  void dropSchema() {
    if (db != null) {
      db.close();
    }
  }

  private HealthReport check() {
    try (LedgerHealth health = checks.register(LedgerHealth.builder()).clock(db.clock)
        .timeout(Duration.ofSeconds(10)).build()) {
      return health.check();
    }
  }

  private static ComponentHealth component(HealthReport report, String name) {
    return report.component(name).orElseThrow();
  }

  private void runTheScheduledJobs() {
    assertThat(db.jobs.ensurePartitions().run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(db.jobs.previousDayBalanceSnapshot().run().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(db.jobs.integrityCheck().run().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aFreshSchemaIsDegradedUntilTheJobsHaveRun() {
    HealthReport report = check();

    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(component(report, "database").status()).isEqualTo(HealthStatus.UP);
    ComponentHealth partitions = component(report, "partitions");
    assertThat(partitions.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(partitions.essential()).isFalse();
    assertThat(partitions.message()).isEqualTo(
        "no entries partition for the current month 2031-03: postings create it on demand; run EnsurePartitionsJob now");
    assertThat(component(report, "jobs").status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(component(report, "jobs").message()).contains("ensure-partitions never succeeded");
    assertThat(component(report, "integrity").message()).isEqualTo("the integrity check never ran: schedule IntegrityCheckJob daily");
  }

  @Test
  void afterTheScheduledJobsEveryComponentIsUp() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.clock.set(Instant.parse("2031-03-13T12:00:00Z"));
    db.transfer(cash, equity, 50_00);
    db.clock.set(Instant.parse("2031-03-14T02:00:00Z"));

    runTheScheduledJobs();
    HealthReport report = check();

    assertThat(report.problems()).isEmpty();
    assertThat(report.status()).isEqualTo(HealthStatus.UP);
    assertThat(component(report, "database").details())
        .containsEntry("schemaVersion", String.valueOf(PostgresLedgerSchema.latestVersion()))
        .containsKey("roundTripMs");
    assertThat(component(report, "partitions").details()).containsEntry("readyThrough", "2031-06");
    assertThat(component(report, "snapshots").message()).isEqualTo("snapshots of 2031-03-13 are present");
    assertThat(component(report, "integrity").details()).containsEntry("problems", "0");
    assertThat(component(report, "jobs").details()).containsEntry("integrity-check", "SUCCEEDED at 2031-03-14T02:00:00Z");
  }

  @Test
  void onlyTheCurrentMonthReadyIsDegraded() {
    db.jobs.ensurePartitions(0).run();

    ComponentHealth partitions = component(check(), "partitions");

    assertThat(partitions.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(partitions.details()).containsEntry("monthsAhead", "0");
  }

  @Test
  void postingsYesterdayWithoutSnapshotsAreDegradedWithTheLag() {
    runTheScheduledJobs();
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.clock.set(Instant.parse("2031-03-14T12:00:00Z"));
    db.transfer(cash, equity, 50_00);
    db.clock.set(Instant.parse("2031-03-15T09:00:00Z"));

    HealthReport report = check();

    ComponentHealth snapshots = component(report, "snapshots");
    assertThat(snapshots.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(snapshots.message()).startsWith("no balance snapshots for 2031-03-14 (latest none)");
    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);

    db.jobs.previousDayBalanceSnapshot().run();
    assertThat(component(check(), "snapshots").status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void aFailedJobIsDegradedUntilItSucceedsAgain() {
    runTheScheduledJobs();
    db.recordRun("daily-balance-snapshot", "FAILED", Instant.parse("2031-03-14T11:00:00Z"), "{}",
        "StoreUnavailableException: connection refused");
    db.clock.set(Instant.parse("2031-03-14T11:30:00Z"));

    ComponentHealth failed = component(check(), "jobs");
    assertThat(failed.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(failed.message()).isEqualTo(
        "daily-balance-snapshot failed at 2031-03-14T11:00:00Z: StoreUnavailableException: connection refused");

    db.jobs.previousDayBalanceSnapshot().run();
    assertThat(component(check(), "jobs").status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void aJobThatHasNotSucceededWithinItsPeriodIsDegraded() {
    runTheScheduledJobs();
    db.clock.set(Instant.parse("2031-03-15T12:30:00Z"));

    ComponentHealth jobs = component(check(), "jobs");

    assertThat(jobs.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(jobs.message()).contains("daily-balance-snapshot last succeeded at 2031-03-14T10:00:00Z, more than PT26H ago");
  }

  @Test
  void anIntegrityCheckThatFoundProblemsIsDegraded() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.transfer(cash, equity, 50_00);
    db.sql.useHandle(h -> h.createUpdate("UPDATE <schema>.accounts SET posted_credits = posted_credits + 7 WHERE id = :id")
        .bind("id", equity.id().value()).execute());
    runTheScheduledJobs();

    ComponentHealth integrity = component(check(), "integrity");

    assertThat(integrity.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(integrity.message()).startsWith("the last integrity check found ");
    assertThat(integrity.details()).containsEntry("counterMismatches", "1");
  }

  @Test
  void anUnreachableDatabaseIsDown() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PGSimpleDataSource closed = new PGSimpleDataSource();
    closed.setServerNames(new String[] {"127.0.0.1"});
    closed.setPortNumbers(new int[] {port});
    closed.setDatabaseName("test");
    closed.setConnectTimeout(2);
    PostgresHealthChecks unreachable = PostgresHealthChecks.builder(
        PostgresDiagnostics.builder(closed).schema(db.schema).build()).build();

    try (LedgerHealth health = LedgerHealth.builder().essential("database", unreachable.database())
        .nonEssential("redis", () -> CheckResult.up("answers")).build()) {
      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(component(report, "database").message()).startsWith("StoreUnavailableException: checking the database");
    }
  }

  @Test
  void aSchemaThatIsNotMigratedIsDown() {
    PostgresHealthChecks elsewhere = PostgresHealthChecks.builder(
        PostgresDiagnostics.builder(db.dataSource).schema(db.schema + "_new").build()).build();

    try (LedgerHealth health = LedgerHealth.builder().essential("database", elsewhere.database()).build()) {
      ComponentHealth database = component(health.check(), "database");

      assertThat(database.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(database.message()).isEqualTo("schema " + db.schema + "_new is not migrated: run PostgresLedgerSchema.migrate, or your Flyway or Liquibase with the ledger's scripts");
    }
  }

  @Test
  void expectationsAreConfigurable() {
    PostgresHealthChecks none = PostgresHealthChecks.builder(db.diagnostics).expectedJobs(Map.of()).monthsAhead(0).build();
    db.jobs.ensurePartitions(0).run();

    try (LedgerHealth health = LedgerHealth.builder().essential("partitions", none.partitions())
        .nonEssential("jobs", none.jobs()).build()) {
      assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
    }
    assertThatThrownBy(() -> PostgresHealthChecks.builder(db.diagnostics).monthsAhead(25))
        .isInstanceOf(InvalidRequestException.class).hasMessage("monthsAhead '25' must be between 0 and 24");
    assertThatThrownBy(() -> PostgresHealthChecks.builder(db.diagnostics).expectedJobs(Map.of("x", Duration.ZERO)))
        .isInstanceOf(InvalidRequestException.class).hasMessage("expectedJobs[x] 'PT0S' must be positive");
  }
}
