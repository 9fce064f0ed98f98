package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnsurePartitionsJobTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_partitions", Instant.parse("2031-05-17T10:00:00Z"));
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void createsTheCurrentAndComingMonthsWithTheirIndexesOnceOnly() {
    JobResult first = db.jobs.ensurePartitions(3).run();

    assertThat(first.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.count("monthsChecked")).isEqualTo(4);
    assertThat(first.count("created")).isEqualTo(4);
    for (String partition : List.of("entries_2031_05", "entries_2031_06", "entries_2031_07", "entries_2031_08")) {
      assertThat(indexColumns(partition)).as(partition)
          .contains("(account_id, posted_at)", "(transaction_id)");
    }
    assertThat(partitionExists("entries_2031_09")).isFalse();

    JobResult second = db.jobs.ensurePartitions(3).run();
    assertThat(second.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(second.count("created")).isZero();
    assertThat(second.count("existing")).isEqualTo(4);
    assertThat(db.recordedRuns("ensure-partitions")).containsExactly("SUCCEEDED", "SUCCEEDED");
    assertThat(db.lastRecordedCount("ensure-partitions", "existing")).isEqualTo(4);
  }

  @Test
  void aPostingInAComingMonthLandsInThePartitionMadeAheadForIt() {
    Account cash = db.open("1000-p", AccountType.ASSET);
    Account equity = db.open("3000-p", AccountType.EQUITY);
    db.clock.set(Instant.parse("2032-01-10T09:00:00Z"));
    try {
      JobResult ahead = db.jobs.ensurePartitions(1).run();
      assertThat(ahead.count("created")).isEqualTo(2);
      db.clock.set(Instant.parse("2032-02-03T09:00:00Z"));
      db.transfer(cash, equity, 500);
    } finally {
      db.clock.set(Instant.parse("2031-05-17T10:00:00Z"));
    }

    List<String> partitions = db.sql.withHandle(h -> h.createQuery(
        "SELECT DISTINCT CAST(tableoid AS regclass) AS p FROM <schema>.entries WHERE account_id = :a")
        .bind("a", cash.id().value()).mapTo(String.class).list());
    assertThat(partitions).singleElement().asString().endsWith("entries_2032_02");
  }

  private static List<String> indexColumns(String partition) {
    return db.sql.withHandle(h -> h.createQuery("""
        SELECT substring(indexdef from '\\(.*\\)') FROM pg_indexes WHERE schemaname = :schema AND tablename = :table
        """).bind("schema", db.schema).bind("table", partition).mapTo(String.class).list());
  }

  private static boolean partitionExists(String partition) {
    return !indexColumns(partition).isEmpty();
  }
}
