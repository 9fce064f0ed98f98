package io.github.corebanking.ledger.postgres.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.AnalyzeJob;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnalyzeJobTest {

  private static OpsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new OpsDatabase("diag_analyze", Instant.parse("2031-03-14T10:00:00Z"));
    Account cash = db.open("1000", AccountType.ASSET);
    Account equity = db.open("3000", AccountType.EQUITY);
    for (int i = 1; i <= 20; i++) {
      db.transfer(cash, equity, i * 100L);
    }
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aRunAnalyzesEveryTableAndPartitionAndIsRecorded() {
    JobResult result = analyze().run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.job()).isEqualTo("analyze");
    Map<String, TableSize> sizes = db.diagnostics.tableSizes().stream()
        .collect(Collectors.toMap(TableSize::name, t -> t));
    long topLevel = sizes.values().stream().filter(t -> t.parentTable().isEmpty()).count();
    assertThat(result.count("tables")).isEqualTo(topLevel);
    long partitions = sizes.values().stream().filter(t -> t.parentTable().isPresent()).count();
    assertThat(partitions).isPositive();
    assertThat(result.count("partitions")).isEqualTo(partitions);
    for (String table : List.of("accounts", "transactions", "balance_snapshots", "job_runs", "entries_2031_03")) {
      assertThat(sizes.get(table).analyzedAt()).as(table).isPresent();
    }
    assertThat(sizes.get("transactions").estimatedRows()).isEqualTo(20);
    assertThat(sizes.get("entries_2031_03").estimatedRows()).isEqualTo(40);
    JobRun recorded = db.diagnostics.jobRuns(AnalyzeJob.NAME, 1).get(0);
    assertThat(recorded.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(recorded.counts()).isEqualTo(result.counts());
    assertThat(recorded.startedAt()).isEqualTo(Instant.parse("2031-03-14T10:00:00Z"));
  }

  @Test
  void aRunWhileAnotherNodeHoldsTheLockIsSkipped() throws Exception {
    try (Connection otherNode = DriverManager.getConnection(db.jdbcUrl);
        PreparedStatement lock = otherNode.prepareStatement(
            "SELECT pg_advisory_lock(hashtextextended('corebanking-ledger:job:' || ? || ':analyze', 0))")) {
      lock.setString(1, db.schema);
      lock.executeQuery().close();

      JobResult result = analyze().run();

      assertThat(result.status()).isEqualTo(JobStatus.SKIPPED);
      assertThat(result.message()).isEqualTo("another run holds the lock");
      assertThat(db.diagnostics.jobRuns(AnalyzeJob.NAME, 1).get(0).status()).isEqualTo(JobStatus.SKIPPED);
      // Release it before the next run: a closed connection's backend may still hold it for a moment.
      try (PreparedStatement unlock = otherNode.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        unlock.executeQuery().close();
      }
    }
    assertThat(analyze().run().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aJobForASchemaWithoutTablesFailsWithoutThrowing() {
    JobResult result = PostgresLedgerJobs.builder(db.dataSource).schema(db.schema + "_gone").build().analyze().run();

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.message()).endsWith("schema " + db.schema + "_gone has no tables: is the ledger migrated there?");
  }

  /** The factory's job over the diagnostics' data source, schema and clock. */
  private static AnalyzeJob analyze() {
    return PostgresLedgerJobs.builder(db.dataSource).schema(db.schema).clock(db.diagnostics.clock()).build().analyze();
  }
}
