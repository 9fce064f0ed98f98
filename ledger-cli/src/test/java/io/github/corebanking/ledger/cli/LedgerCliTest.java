package io.github.corebanking.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import io.github.corebanking.ledger.postgres.loan.PostgresLoanSchema;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in process against PostgreSQL: output, exit codes, and no password anywhere. */
class LedgerCliTest {

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
        assertThat(run.all()).as("output of a run").doesNotContain(TestLedger.PASSWORD);
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  private TestLedger.Run cli(String... args) {
    TestLedger.Run run = db.cli(args);
    runs.add(run);
    return run;
  }

  @Test
  void migrateIsIdempotentAndStatusShowsTheVersions() {
    TestLedger.Run migrate = cli("migrate");
    assertThat(migrate.code()).isEqualTo(ExitCodes.OK);
    assertThat(migrate.out()).contains("schema " + db.schema + ": 0 migration scripts applied");

    TestLedger.Run status = cli("status", "--json");
    assertThat(status.code()).isEqualTo(ExitCodes.OK);
    assertThat(status.out()).contains("\"schema\":\"" + db.schema + "\"").contains("\"migrated\":true")
        .contains("\"loansVersion\":" + PostgresLoanSchema.latestVersion());

    TestLedger.Run missing = cli("status", "--schema", db.schema + "_none");
    assertThat(missing.code()).as("a schema never migrated").isEqualTo(ExitCodes.PROBLEM);
    assertThat(missing.err()).contains("run ledger-cli migrate");
  }

  @Test
  void plantedCounterDamageIsExitOneAndRecalculationRepairsIt() {
    TestLedger.Run clean = cli("run", "integrity-check");
    assertThat(clean.code()).isEqualTo(ExitCodes.OK);
    assertThat(clean.out()).contains("integrity-check SUCCEEDED").contains("problems=0");

    db.plantCounterDamage();
    TestLedger.Run damaged = cli("run", "integrity-check", "--json");
    assertThat(damaged.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(damaged.out()).contains("\"status\":\"SUCCEEDED\"").contains("\"counterMismatches\":1");

    TestLedger.Run trial = cli("trial-balance");
    assertThat(trial.code()).as("the trial balance comes from the entries").isEqualTo(ExitCodes.OK);
    assertThat(trial.out()).contains("balanced").contains("2100").contains("300.00");

    TestLedger.Run fix = cli("run", "recalculate-balances", "--account", "2100");
    assertThat(fix.code()).isEqualTo(ExitCodes.OK);
    assertThat(fix.out()).contains("checked=1 wrong=1");
    assertThat(fix.err()).contains("recalculate-balances: 1/1 accounts (100%)");

    assertThat(cli("run", "integrity-check").code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void verifyHashChainsNamesAnEntryEditedBehindTheLedgersBackWithExitOne() {
    TestLedger.Run clean = cli("run", "verify-hash-chains", "--full");
    assertThat(clean.code()).isEqualTo(ExitCodes.OK);
    assertThat(clean.out()).contains("verify-hash-chains SUCCEEDED").contains("problems=0");

    String s = io.github.corebanking.ledger.postgres.PostgresLedgerSchema.quotedSchema(db.schema);
    db.sql("SET session_replication_role = replica; UPDATE " + s + ".entries SET amount = amount + 1 WHERE id = "
        + "(SELECT e.id FROM " + s + ".entries e JOIN " + s + ".accounts a ON a.id = e.account_id "
        + "WHERE a.code = '2100' ORDER BY e.account_version LIMIT 1)");
    TestLedger.Run damaged = cli("run", "verify-hash-chains", "--full", "--json");

    assertThat(damaged.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(damaged.out()).contains("\"status\":\"SUCCEEDED\"").contains("\"entriesEdited\":1")
        .contains("\"transactionDigestMismatches\":1").contains("ENTRY_EDITED");
  }

  @Test
  void aFailedJobIsListedWithExitOneAndItsHistoryIsShown() {
    PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(db.dataSource).schema(db.schema).build();
    assertThat(jobs.job("nightly-export", (lock, counts) -> {
      throw new IllegalStateException("export target unreachable");
    }).run().status()).isEqualTo(JobStatus.FAILED);
    assertThat(cli("run", "ensure-partitions").code()).isEqualTo(ExitCodes.OK);

    TestLedger.Run failed = cli("jobs", "--failed");
    assertThat(failed.code()).isEqualTo(ExitCodes.PROBLEM);
    assertThat(failed.out()).contains("nightly-export").contains("FAILED").contains("export target unreachable")
        .doesNotContain("ensure-partitions");

    TestLedger.Run all = cli("jobs", "--json");
    assertThat(all.out()).contains("\"job\":\"ensure-partitions\"").contains("\"job\":\"nightly-export\"");

    TestLedger.Run history = cli("jobs", "--job", "ensure-partitions", "--limit", "5");
    assertThat(history.code()).isEqualTo(ExitCodes.OK);
    assertThat(history.out()).contains("ensure-partitions").contains("SUCCEEDED").doesNotContain("nightly-export");
  }

  @Test
  void aRunWhileAnotherHoldsTheJobsLockIsSkippedWithExitFour() throws Exception {
    PostgresLedgerJobs jobs = PostgresLedgerJobs.builder(db.dataSource).schema(db.schema).build();
    TestLedger.Run[] inner = new TestLedger.Run[1];
    jobs.job("integrity-check", (lock, counts) -> {
      inner[0] = cli("run", "integrity-check");
      return "held the lock";
    }).run();
    assertThat(inner[0].code()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(inner[0].out()).contains("integrity-check SKIPPED");
  }

  @Test
  void aRangeOfSnapshotsShowsProgressPerDayAsLinesOrAsABarOnATerminal() {
    TestLedger.Run plain = cli("run", "daily-balance-snapshot", "--from", "2026-01-01", "--to", "2026-01-03");
    assertThat(plain.code()).isEqualTo(ExitCodes.OK);
    assertThat(plain.err()).contains("daily-balance-snapshot: 1/3 days (33%)")
        .contains("daily-balance-snapshot: 3/3 days (100%)").doesNotContain("\r");
    assertThat(plain.out()).contains("3 of 3 days run");

    TestLedger.Run bar = db.cli(true, "run", "daily-balance-snapshot", "--from", "2026-01-01", "--to", "2026-01-02");
    runs.add(bar);
    assertThat(bar.err()).contains("\r[" + "#".repeat(15) + " ".repeat(15) + "] 1/2 days (50%)")
        .contains("\r[" + "#".repeat(30) + "] 2/2 days (100%)");
  }

  @Test
  void theTrialBalanceAndAStatementPageThroughTheBooks() {
    TestLedger.Run trial = cli("trial-balance", "--json");
    assertThat(trial.code()).isEqualTo(ExitCodes.OK);
    assertThat(trial.out()).contains("\"balanced\":true")
        .contains("{\"currency\":\"USD\"").contains("\"debits\":\"300.00\"");

    TestLedger.Run before = cli("trial-balance", "--as-of", "2000-01-01", "--totals-only");
    assertThat(before.out()).doesNotContain("300.00");
    TestLedger.Run byValue = cli("trial-balance", "--value-date", "9999-12-31", "--totals-only");
    assertThat(byValue.code()).isEqualTo(ExitCodes.OK);
    assertThat(byValue.out()).contains("trial balance on value date 9999-12-31: balanced").contains("300.00");
    TestLedger.Run byValueBefore = cli("trial-balance", "--value-date", "2000-01-01", "--json");
    assertThat(byValueBefore.out()).contains("\"valueDate\":\"2000-01-01\"").doesNotContain("300.00");
    TestLedger.Run bothClocks = cli("trial-balance", "--value-date", "2000-01-01", "--as-of", "2000-01-01");
    assertThat(bothClocks.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bothClocks.err()).contains("--value-date");

    TestLedger.Run first = cli("statement", "2100", "--page-size", "2");
    assertThat(first.code()).isEqualTo(ExitCodes.OK);
    assertThat(first.out()).contains("2100 Customer deposits (USD)").contains("100.00").contains("200.00")
        .doesNotContain("300.00").contains("next page: ledger-cli statement 2100 --from ");
    String next = first.out().lines().filter(l -> l.startsWith("next page: ledger-cli "))
        .findFirst().orElseThrow().substring("next page: ledger-cli ".length()) + " --json";

    TestLedger.Run second = cli(next.split(" "));
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).contains("\"balanceAfter\":\"300.00\"").contains("\"nextCursor\":null");

    TestLedger.Run unknown = cli("statement", "9999");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("ACCOUNT").contains("9999");
  }

  @Test
  void healthIsUpAfterTheScheduledJobsAndDownWithoutTheSchema() {
    TestLedger.Run scheduled = cli("run", "scheduled");
    assertThat(scheduled.code()).isEqualTo(ExitCodes.OK);
    assertThat(scheduled.out()).contains("ensure-partitions").contains("integrity-check").contains("refresh-loan-aging");

    TestLedger.Run up = cli("health");
    assertThat(up.out()).contains("ledger UP");
    assertThat(up.code()).isEqualTo(ExitCodes.OK);

    TestLedger.Run down = cli("health", "--json", "--schema", db.schema + "_none");
    assertThat(down.out()).startsWith("{\"status\":\"DOWN\"");
    assertThat(down.code()).isEqualTo(ExitCodes.PROBLEM);
  }

  @Test
  void diagnosticsListTheSchemasTablesAndNoWaits() {
    TestLedger.Run tables = cli("diagnostics", "table-sizes");
    assertThat(tables.code()).isEqualTo(ExitCodes.OK);
    assertThat(tables.out()).contains("accounts").contains("entries").contains("job_runs");

    TestLedger.Run locks = cli("diagnostics", "locks", "--json");
    assertThat(locks.out().strip()).isEqualTo("[]");
  }

  @Test
  void theCacheIsClearedInRedisAndAnUnreachableRedisIsExitThree() {
    db.env.put("LEDGER_REDIS_URL", TestServices.redisUrl());
    db.env.put("LEDGER_REDIS_KEY_PREFIX", "cli-test:" + db.schema + ":");
    TestLedger.Run clear = cli("cache", "clear");
    assertThat(clear.code()).isEqualTo(ExitCodes.OK);
    assertThat(clear.out()).contains("cleared the balance cache under cli-test:" + db.schema + ":");

    TestLedger.Run unreachable = cli("cache", "clear", "--redis-url", "redis://:" + TestLedger.PASSWORD + "@127.0.0.1:1");
    assertThat(unreachable.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(unreachable.err()).contains("redis://***@127.0.0.1:1");
  }

  @Test
  void badInputIsAUsageErrorNamingTheOptionAndTheValue() {
    TestLedger.Run unknown = cli("run", "no-such-job");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no-such-job");

    TestLedger.Run badDate = cli("trial-balance", "--as-of", "yesterday-ish");
    assertThat(badDate.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDate.err()).contains("--as-of").contains("yesterday-ish");

    TestLedger.Run badSchema = cli("status", "--schema", "Robert'); DROP");
    assertThat(badSchema.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badSchema.err()).contains("--schema");

    TestLedger.Run none = cli();
    assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void anUnreachableDatabaseIsExitThreeAndThePasswordInTheUrlIsMasked() {
    TestLedger.Run refused = cli("status", "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/test?user=root&password=" + TestLedger.PASSWORD);
    assertThat(refused.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(refused.err()).contains("cannot connect to PostgreSQL: ").contains("refused")
        .contains("; URL jdbc:postgresql://127.0.0.1:1/test?user=root&password=***");

    db.env.remove("LEDGER_JDBC_URL");
    TestLedger.Run none = cli("status");
    assertThat(none.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(none.err()).contains("LEDGER_JDBC_URL");
  }

  @Test
  void aPasswordFromAFileIsUsedAndNeverPrinted(@TempDir Path dir) throws Exception {
    String filePassword = "file-" + TestLedger.PASSWORD;
    Path file = Files.writeString(dir.resolve("password"), filePassword + "\n");
    db.env.remove("LEDGER_JDBC_PASSWORD");
    TestLedger.Run refused = cli("--password-file", file.toString(), "status", "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/test?user=" + filePassword);
    assertThat(refused.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(refused.all()).doesNotContain(filePassword).contains("user=***");

    TestLedger.Run ok = cli("--password-file", file.toString(), "status");
    assertThat(ok.code()).isEqualTo(ExitCodes.OK);
    assertThat(ok.all()).doesNotContain(filePassword);
  }
}
