package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnapshotRetentionJobTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_retention", Instant.parse("2031-01-25T12:00:00Z"));
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static List<LocalDate> snapshotDates(Account account) {
    return db.sql.withHandle(h -> h.createQuery(
        "SELECT snapshot_date FROM <schema>.balance_snapshots WHERE account_id = :a ORDER BY snapshot_date")
        .bind("a", account.id().value()).mapTo(LocalDate.class).list());
  }

  @Test
  void oldSnapshotsGoButMonthEndsAndEachAccountsLatestBeforeTheCutoffStay() {
    Account busy = db.open("1000", AccountType.ASSET);
    Account counter = db.open("3000", AccountType.EQUITY);
    Account quiet = db.open("2000", AccountType.LIABILITY);
    db.transfer(busy, quiet, 5);                       // 2031-01-25: the quiet account's only activity
    for (LocalDate d = LocalDate.parse("2031-01-26"); d.isBefore(LocalDate.parse("2031-03-11")); d = d.plusDays(1)) {
      db.clock.set(d.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
      db.transfer(busy, counter, 10);
    }
    db.clock.set(Instant.parse("2031-03-11T03:00:00Z"));
    db.jobs.dailyBalanceSnapshots(LocalDate.parse("2031-01-25"), LocalDate.parse("2031-03-10")).run();
    List<Instant> probes = List.of(Instant.parse("2031-01-30T00:00:00Z"), Instant.parse("2031-02-14T18:00:00Z"),
        Instant.parse("2031-02-26T00:00:00Z"), Instant.parse("2031-03-10T23:00:00Z"));
    List<Balance> before = asOf(busy, quiet, probes);

    JobResult result = db.jobs.snapshotRetention(Period.ofDays(14)).run();

    // Cutoff 2031-02-25: kept are the month-end 01-31, the latest before the cutoff 02-24, and all from 02-25.
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    List<LocalDate> expected = new ArrayList<>(List.of(LocalDate.parse("2031-01-31"), LocalDate.parse("2031-02-24")));
    for (LocalDate d = LocalDate.parse("2031-02-25"); !d.isAfter(LocalDate.parse("2031-03-10")); d = d.plusDays(1)) {
      expected.add(d);
    }
    assertThat(snapshotDates(busy)).containsExactlyElementsOf(expected);
    assertThat(snapshotDates(quiet)).containsExactly(LocalDate.parse("2031-01-25"));
    assertThat(asOf(busy, quiet, probes)).isEqualTo(before);
    // busy loses 01-25..02-23 but 01-31 (29), counter 01-26..02-23 but 01-31 (28)
    assertThat(result.count("deleted")).isEqualTo(57);
    assertThat(db.jobs.snapshotRetention(Period.ofDays(14)).run().count("deleted")).isZero();

    JobResult withoutMonthEnds = db.jobs.snapshotRetention(Period.ofDays(14), false).run();

    assertThat(withoutMonthEnds.count("deleted")).isEqualTo(2);
    assertThat(snapshotDates(busy)).first().isEqualTo(LocalDate.parse("2031-02-24"));
    assertThat(asOf(busy, quiet, probes)).isEqualTo(before);
    assertThat(db.recordedRuns("snapshot-retention")).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
  }

  private static List<Balance> asOf(Account a, Account b, List<Instant> probes) {
    List<Balance> balances = new ArrayList<>();
    for (Instant t : probes) {
      balances.add(db.store.balanceAsOf(a.id(), t));
      balances.add(db.store.balanceAsOf(b.id(), t));
    }
    return balances;
  }
}
