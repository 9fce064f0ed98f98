package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.JobsDatabase.Counters;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DailyBalanceSnapshotZoneTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_zone", Instant.parse("2031-03-01T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void thePreviousDayJobSnapshotsYesterdayAsTheBankCountsDays() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account deposits = db.open("2000", AccountType.LIABILITY);
    db.clock.set(Instant.parse("2031-03-01T14:30:00Z"));   // 23:30 on March 1st in Tokyo
    db.transfer(cash, deposits, 100);
    db.clock.set(Instant.parse("2031-03-01T15:30:00Z"));   // 00:30 on March 2nd in Tokyo
    db.transfer(cash, deposits, 7);
    db.clock.set(Instant.parse("2031-03-01T17:00:00Z"));   // 02:00 on March 2nd in Tokyo

    JobResult result = db.jobs.previousDayBalanceSnapshot().run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.message()).contains("2031-03-01");
    JobsDatabase.Snapshot snapshot = db.snapshot(cash, LocalDate.parse("2031-03-01")).orElseThrow();
    assertThat(snapshot.asOf()).isEqualTo(Instant.parse("2031-03-01T14:59:59.999999Z"));
    assertThat(snapshot.counters()).isEqualTo(new Counters(100, 0, 1));
  }
}
