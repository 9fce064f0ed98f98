package io.github.corebanking.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.loan.RefreshLoanAgingJob;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command-line blocks of docs/operations.md ({@code sh cli-...}), run line by line as written
 * (in process, {@code java -jar ledger-cli.jar} being the program) on a ledger put in the state
 * the guide's case describes.
 */
class OperationsGuideCliTest {

  private static final String PROGRAM = "java -jar ledger-cli.jar ";

  private TestLedger db;
  private final List<TestLedger.Run> runs = new ArrayList<>();

  @BeforeEach
  void freshLedger() {
    db = new TestLedger().withDeposits();
  }

  @AfterEach
  void noRunPrintedThePassword() {
    try {
      for (TestLedger.Run run : runs) {
        assertThat(run.all()).doesNotContain(TestLedger.PASSWORD);
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  /** Runs every line of the guide's block {@code id}. */
  private List<TestLedger.Run> block(String id) throws IOException {
    List<TestLedger.Run> results = new ArrayList<>();
    for (String line : blockLines(id)) {
      assertThat(line).as("a line of block " + id).startsWith(PROGRAM);
      TestLedger.Run run = db.cli(line.substring(PROGRAM.length()).trim().split("\\s+"));
      runs.add(run);
      results.add(run);
    }
    return results;
  }

  static List<String> blockLines(String id) throws IOException {
    List<String> lines = Files.readAllLines(guide());
    String fence = "```sh " + id;
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(fence)) {
        assertThat(start).as("block " + id + " appears once").isEqualTo(-1);
        start = i;
      }
    }
    assertThat(start).as("docs/operations.md has block " + id).isNotNegative();
    List<String> block = new ArrayList<>();
    for (int i = start + 1; !lines.get(i).trim().equals("```"); i++) {
      if (!lines.get(i).isBlank()) {
        block.add(lines.get(i).trim());
      }
    }
    assertThat(block).as("block " + id).isNotEmpty();
    return block;
  }

  private static Path guide() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path guide = dir.resolve("docs").resolve("operations.md");
      if (Files.isRegularFile(guide)) {
        return guide;
      }
    }
    throw new IllegalStateException("docs/operations.md not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void unbalancedBooksAreFoundAndCountersRebuiltFromTheCommandLine() throws Exception {
    db.plantCounterDamage();

    List<TestLedger.Run> found = block("cli-unbalanced");
    assertThat(found.get(0).code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(found.get(0).out()).contains("counterMismatches=1");
    assertThat(found.get(1).code()).as("the trial balance is computed from the entries").isEqualTo(ExitCodes.OK);
    assertThat(found.get(1).out()).contains("balanced");

    List<TestLedger.Run> fixed = block("cli-recalculate");
    assertThat(fixed.get(0).code()).isEqualTo(ExitCodes.OK);
    assertThat(fixed.get(0).out()).contains("checked=1 wrong=1");
    assertThat(fixed.get(1).code()).isEqualTo(ExitCodes.OK);
    assertThat(fixed.get(1).out()).contains("problems=0");
  }

  @Test
  void missingPartitionsAreSeenAndCreatedFromTheCommandLine() throws Exception {
    List<TestLedger.Run> first = block("cli-partitions");
    assertThat(first.get(0).code()).isEqualTo(ExitCodes.OK);
    assertThat(first.get(0).out()).containsPattern("partitionMonthsAhead +0\\R");
    assertThat(first.get(1).code()).isEqualTo(ExitCodes.OK);
    assertThat(first.get(1).out()).contains("ensure-partitions SUCCEEDED").contains("created=3");

    List<TestLedger.Run> again = block("cli-partitions");
    assertThat(again.get(0).out()).containsPattern("partitionMonthsAhead +3\\R");
    assertThat(again.get(1).out()).contains("created=0");
  }

  @Test
  void aRedisOutageIsDegradedAndTheCacheIsClearedOnceRedisIsBack() throws Exception {
    db.env.put("LEDGER_REDIS_URL", "redis://127.0.0.1:1");
    db.env.put("LEDGER_REDIS_KEY_PREFIX", "cli-guide:" + db.schema + ":");
    List<TestLedger.Run> outage = block("cli-redis");
    assertThat(outage.get(0).code()).isEqualTo(ExitCodes.DEGRADED);
    assertThat(outage.get(0).out().lines().filter(l -> l.startsWith("redis ")).findFirst().orElseThrow())
        .contains("DEGRADED");
    assertThat(outage.get(1).code()).isEqualTo(ExitCodes.UNAVAILABLE);

    db.env.put("LEDGER_REDIS_URL", TestServices.redisUrl());
    List<TestLedger.Run> back = block("cli-redis");
    assertThat(back.get(0).out().lines().filter(l -> l.startsWith("redis ")).findFirst().orElseThrow())
        .contains("UP");
    assertThat(back.get(1).code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void aBlockerIsShownByTheCommandLine() throws Exception {
    String accounts = PostgresLedgerSchema.quotedSchema(db.schema) + ".accounts";
    try (Connection blocker = DriverManager.getConnection(db.jdbcUrl);
        Connection waiter = DriverManager.getConnection(db.jdbcUrl)) {
      blocker.setAutoCommit(false);
      int blockerPid;
      try (Statement s = blocker.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          blockerPid = rs.getInt(1);
        }
        s.executeQuery("SELECT id FROM " + accounts + " WHERE code = '2100' FOR UPDATE").close();
      }
      waiter.setAutoCommit(false);
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
        try (Statement s = waiter.createStatement()) {
          s.execute("SET LOCAL lock_timeout = '20s'");
          s.executeQuery("SELECT id FROM " + accounts + " WHERE code = '2100' FOR UPDATE").close();
          waiter.rollback();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      TestLedger.Run shown = null;
      for (int attempt = 0; attempt < 40; attempt++) {
        shown = block("cli-locks").get(0);
        if (shown.out().contains("idle in transaction")) {
          break;
        }
        Thread.sleep(250);
      }
      blocker.rollback();
      waiting.get(30, TimeUnit.SECONDS);
      assertThat(shown.code()).isEqualTo(ExitCodes.OK);
      String row = shown.out().lines().filter(l -> l.contains("idle in transaction")).findFirst().orElseThrow();
      assertThat(row).contains(" " + blockerPid + " ").contains("FOR UPDATE");
      assertThat(shown.err()).contains("pg_terminate_backend");
    }
  }

  @Test
  void aFailedJobIsFoundAndRunAgainFromTheCommandLine() throws Exception {
    RefreshLoanAgingJob impatient = RefreshLoanAgingJob.builder(db.dataSource).schema(db.schema)
        .statementTimeout(Duration.ofSeconds(1)).build();
    try (Connection report = DriverManager.getConnection(db.jdbcUrl)) {
      report.setAutoCommit(false);
      try (Statement s = report.createStatement()) {
        s.execute("LOCK TABLE " + PostgresLedgerSchema.quotedSchema(db.schema) + ".loan_aging_refresh IN ACCESS EXCLUSIVE MODE");
      }
      assertThat(impatient.run().status()).isEqualTo(JobStatus.FAILED);
      report.rollback();
    }

    List<TestLedger.Run> runs = block("cli-failed-jobs");
    assertThat(runs.get(0).code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(runs.get(0).out()).contains("refresh-loan-aging").contains("FAILED");
    assertThat(runs.get(1).code()).as("the history shows the failed run").isEqualTo(ExitCodes.PROBLEM);
    assertThat(runs.get(1).out()).containsIgnoringCase("statement timeout");
    assertThat(runs.get(2).code()).isEqualTo(ExitCodes.OK);
    assertThat(runs.get(2).out()).contains("refresh-loan-aging SUCCEEDED");

    List<TestLedger.Run> after = block("cli-failed-jobs");
    assertThat(after.get(0).code()).isEqualTo(ExitCodes.OK);
    assertThat(after.get(0).out()).contains("no failed jobs");
  }

  @Test
  void snapshotGapsAreListedAndFilledFromTheCommandLine() throws Exception {
    db.depositAt("gap-1", "3.00", Instant.parse("2025-03-05T12:00:00Z"));
    db.depositAt("gap-2", "4.00", Instant.parse("2025-03-06T12:00:00Z"));

    List<TestLedger.Run> gaps = block("cli-snapshot-gaps");
    assertThat(gaps.get(0).code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(gaps.get(0).out()).contains("[2025-03-05, 2025-03-06]");
    assertThat(gaps.get(0).err()).contains("run daily-balance-snapshot --from 2025-03-05");
    assertThat(gaps.get(1).code()).isEqualTo(ExitCodes.OK);
    assertThat(gaps.get(1).out()).contains("5 of 5 days run").contains("snapshots=");
    assertThat(gaps.get(1).err()).contains("5/5 days (100%)");

    TestLedger.Run none = block("cli-snapshot-gaps").get(0);
    assertThat(none.code()).isEqualTo(ExitCodes.OK);
    assertThat(none.out()).containsPattern("gaps +none");
  }

  @Test
  void slowStatementsAndAnalyzeRunFromTheCommandLine() throws Exception {
    List<TestLedger.Run> runs = block("cli-slow");
    TestLedger.Run slow = runs.get(0);
    if (slow.code() == ExitCodes.OK) {
      assertThat(slow.out()).contains("calls").contains("mean");
    } else {
      assertThat(slow.code()).isEqualTo(ExitCodes.PROBLEM);
      assertThat(slow.err()).contains("pg_stat_statements").contains("shared_preload_libraries");
    }
    assertThat(runs.get(1).code()).isEqualTo(ExitCodes.OK);
    assertThat(runs.get(1).out()).contains("analyze SUCCEEDED").contains("analyzed");
  }
}
