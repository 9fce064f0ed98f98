package io.github.corebanking.ledger.postgres.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresDiagnosticsTest {

  private OpsDatabase db;

  @BeforeEach
  void freshSchema() {
    db = new OpsDatabase("diag", Instant.parse("2031-03-14T10:00:00Z"));
  }

  @AfterEach
  void dropSchema() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theDatabaseAnswersWithTheMigratedSchemaVersion() {
    DatabaseStatus status = db.diagnostics.database();

    assertThat(status.migrated()).isTrue();
    assertThat(status.schemaVersion()).hasValue(PostgresLedgerSchema.latestVersion());
    assertThat(status.schema()).isEqualTo(db.schema);
    assertThat(status.inRecovery()).isFalse();
    assertThat(status.serverVersion()).matches("\\d+.*");
    assertThat(status.database()).isEqualTo("test");
  }

  @Test
  void aSchemaThatWasNeverMigratedHasNoVersion() {
    PostgresDiagnostics elsewhere = PostgresDiagnostics.builder(db.dataSource).schema(db.schema + "_none").build();

    DatabaseStatus status = elsewhere.database();

    assertThat(status.schemaVersion()).isEmpty();
    assertThat(status.migrated()).isFalse();
  }

  @Test
  void anUnreachableDatabaseIsAStoreUnavailableException() throws Exception {
    PostgresDiagnostics unreachable = PostgresDiagnostics.builder(closedPort()).schema(db.schema).build();

    assertThatThrownBy(unreachable::database)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("checking the database on schema " + db.schema);
  }

  @Test
  void tableSizesListTheLedgerTablesAndTheirPartitions() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.transfer(cash, equity, 100_00);

    List<TableSize> sizes = db.diagnostics.tableSizes();

    assertThat(sizes).extracting(TableSize::name)
        .contains("accounts", "transactions", "entries", "balance_snapshots", "job_runs", "entries_2031_03");
    TableSize partition = sizes.stream().filter(t -> t.name().equals("entries_2031_03")).findFirst().orElseThrow();
    assertThat(partition.parentTable()).contains("entries");
    assertThat(partition.totalBytes()).isPositive();
    assertThat(partition.kind()).isEqualTo("table");
    TableSize entries = sizes.stream().filter(t -> t.name().equals("entries")).findFirst().orElseThrow();
    assertThat(entries.kind()).isEqualTo("partitioned table");
    assertThat(entries.totalBytes()).isGreaterThanOrEqualTo(partition.totalBytes());
    assertThat(sizes).isSortedAccordingTo((a, b) -> Long.compare(b.totalBytes(), a.totalBytes()));
  }

  @Test
  void thePartitionHorizonCountsUnbrokenMonthsFromTheCurrentOne() {
    assertThat(db.diagnostics.partitions().currentMonthReady()).isFalse();
    assertThat(db.diagnostics.partitions().monthsAhead()).isEqualTo(-1);

    db.jobs.ensurePartitions(2).run();
    PartitionHorizon ready = db.diagnostics.partitions();

    assertThat(ready.currentMonth()).isEqualTo(YearMonth.of(2031, 3));
    assertThat(ready.monthsAhead()).isEqualTo(2);
    assertThat(ready.readyThrough()).contains(YearMonth.of(2031, 5));
    assertThat(ready.partitions()).extracting(PartitionHorizon.Partition::name)
        .containsExactly("entries_2031_03", "entries_2031_04", "entries_2031_05");
  }

  @Test
  void aMissingMonthEndsTheHorizon() {
    db.store.ensurePartition(Instant.parse("2031-03-20T00:00:00Z"));
    db.store.ensurePartition(Instant.parse("2031-05-20T00:00:00Z"));

    PartitionHorizon horizon = db.diagnostics.partitions();

    assertThat(horizon.monthsAhead()).isZero();
    assertThat(horizon.readyThrough()).contains(YearMonth.of(2031, 3));
    assertThat(horizon.partitions()).hasSize(2);
  }

  @Test
  void aQuietYesterdayNeedsNoSnapshot() {
    SnapshotStatus status = db.diagnostics.snapshots();

    assertThat(status.yesterday()).isEqualTo(LocalDate.of(2031, 3, 13));
    assertThat(status.postedYesterday()).isFalse();
    assertThat(status.yesterdayCovered()).isTrue();
    assertThat(status.lagDays()).isZero();
  }

  @Test
  void postingsYesterdayWithoutTheirSnapshotAreAGapUntilTheJobRuns() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.clock.set(Instant.parse("2031-03-11T09:00:00Z"));
    db.transfer(cash, equity, 10_00);
    db.clock.set(Instant.parse("2031-03-12T01:00:00Z"));
    assertThat(db.jobs.dailyBalanceSnapshot(LocalDate.of(2031, 3, 11)).run().status()).isEqualTo(JobStatus.SUCCEEDED);
    db.clock.set(Instant.parse("2031-03-13T15:00:00Z"));
    db.transfer(cash, equity, 20_00);
    db.clock.set(Instant.parse("2031-03-14T01:00:00Z"));

    SnapshotStatus missing = db.diagnostics.snapshots();
    assertThat(missing.yesterdayCovered()).isFalse();
    assertThat(missing.latest()).contains(LocalDate.of(2031, 3, 11));
    assertThat(missing.lagDays()).isEqualTo(2);
    assertThat(db.diagnostics.snapshotGaps(LocalDate.of(2031, 3, 10), LocalDate.of(2031, 3, 13)))
        .containsExactly(LocalDate.of(2031, 3, 13));
    assertThat(db.diagnostics.accountsMissingSnapshot(LocalDate.of(2031, 3, 13), 10))
        .containsExactlyInAnyOrder(cash.id(), equity.id());

    db.jobs.previousDayBalanceSnapshot().run();

    SnapshotStatus covered = db.diagnostics.snapshots();
    assertThat(covered.yesterdayCovered()).isTrue();
    assertThat(covered.lagDays()).isZero();
    assertThat(covered.lastSuccess()).contains(Instant.parse("2031-03-14T01:00:00Z"));
    assertThat(db.diagnostics.snapshotGaps(LocalDate.of(2031, 3, 10), LocalDate.of(2031, 3, 13))).isEmpty();
  }

  @Test
  void jobSummariesShowTheLastRunThatDidWorkAndTheLastSuccess() {
    db.recordRun("daily-balance-snapshot", "SUCCEEDED", Instant.parse("2031-03-12T02:00:00Z"), "{\"days\": 1}", "ok");
    db.recordRun("daily-balance-snapshot", "FAILED", Instant.parse("2031-03-13T02:00:00Z"), "{}",
        "StoreUnavailableException: connection refused");
    db.recordRun("daily-balance-snapshot", "SKIPPED", Instant.parse("2031-03-13T02:00:01Z"), "{}",
        "another run holds the lock");
    db.jobs.ensurePartitions(1).run();

    List<JobSummary> jobs = db.diagnostics.jobs();

    assertThat(jobs).extracting(JobSummary::job).containsExactly("daily-balance-snapshot", "ensure-partitions");
    JobSummary snapshots = jobs.get(0);
    assertThat(snapshots.lastRun().status()).isEqualTo(JobStatus.FAILED);
    assertThat(snapshots.lastRun().message()).isEqualTo("StoreUnavailableException: connection refused");
    assertThat(snapshots.lastSucceededAt()).contains(Instant.parse("2031-03-12T02:00:00Z"));
    JobSummary partitions = jobs.get(1);
    assertThat(partitions.lastRun().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(partitions.lastRun().count("created")).isEqualTo(2);
    assertThat(db.diagnostics.jobRuns("daily-balance-snapshot", 10)).extracting(JobRun::status)
        .containsExactly(JobStatus.SKIPPED, JobStatus.FAILED, JobStatus.SUCCEEDED);
  }

  @Test
  void theLastIntegrityCheckSaysWhatItFound() {
    assertThat(db.diagnostics.integrity()).isEmpty();
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    db.transfer(cash, equity, 10_00);

    db.jobs.integrityCheck().run();
    IntegrityStatus clean = db.diagnostics.integrity().orElseThrow();
    assertThat(clean.clean()).isTrue();
    assertThat(clean.lastRun().count("entriesChecked")).isEqualTo(2);

    // A counter that no longer matches its entries, as after a manual UPDATE.
    db.sql.useHandle(h -> h.createUpdate("UPDATE <schema>.accounts SET posted_debits = posted_debits + 1 WHERE id = :id")
        .bind("id", cash.id().value()).execute());
    db.jobs.integrityCheck().run();

    IntegrityStatus broken = db.diagnostics.integrity().orElseThrow();
    assertThat(broken.clean()).isFalse();
    assertThat(broken.problems()).isPositive();
    assertThat(broken.lastRun().count("counterMismatches")).isEqualTo(1);
  }

  @Test
  void slowStatementsWithoutTheExtensionSayHowToInstallIt() {
    assertThatThrownBy(() -> db.diagnostics.slowStatements(10, SlowStatement.Order.MEAN_TIME))
        .isInstanceOf(StatementStatisticsUnavailableException.class)
        .hasMessage("pg_stat_statements 'test' is not installed in this database: add pg_stat_statements to "
            + "shared_preload_libraries in postgresql.conf, restart the server, then run CREATE EXTENSION "
            + "pg_stat_statements");
  }

  @Test
  void slowStatementsWithTheExtensionButNotItsLibrarySayToPreloadIt() {
    db.sql.useHandle(h -> h.execute("CREATE EXTENSION pg_stat_statements SCHEMA " + PostgresLedgerSchema.quotedSchema(db.schema)));
    try {
      assertThatThrownBy(() -> db.diagnostics.slowStatements(10, SlowStatement.Order.TOTAL_TIME))
          .isInstanceOf(StatementStatisticsUnavailableException.class)
          .hasMessageStartingWith("shared_preload_libraries 'pg_stat_statements' does not list the extension's library");
    } finally {
      db.sql.useHandle(h -> h.execute("DROP EXTENSION IF EXISTS pg_stat_statements"));
    }
  }

  @Test
  void badArgumentsNameTheirField() {
    assertThatThrownBy(() -> db.diagnostics.slowStatements(0, SlowStatement.Order.MEAN_TIME))
        .isInstanceOf(InvalidRequestException.class).hasMessage("limit '0' must be between 1 and 1000");
    assertThatThrownBy(() -> db.diagnostics.snapshotGaps(LocalDate.of(2031, 3, 2), LocalDate.of(2031, 3, 1)))
        .isInstanceOf(InvalidRequestException.class).hasMessage("to '2031-03-01' must not be before from 2031-03-02");
    assertThatThrownBy(() -> db.diagnostics.snapshotGaps(LocalDate.of(2030, 1, 1), LocalDate.of(2031, 3, 1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("to '2031-03-01' is more than 366 days");
    assertThatThrownBy(() -> db.diagnostics.jobRuns(" ", 1))
        .isInstanceOf(InvalidRequestException.class).hasMessage("job ' ' must not be blank");
    assertThatThrownBy(() -> PostgresDiagnostics.builder(db.dataSource).schema("Bad-Name"))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("schema 'Bad-Name' must match");
  }

  private static PGSimpleDataSource closedPort() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("test");
    ds.setUser("root");
    ds.setConnectTimeout(2);
    return ds;
  }
}
