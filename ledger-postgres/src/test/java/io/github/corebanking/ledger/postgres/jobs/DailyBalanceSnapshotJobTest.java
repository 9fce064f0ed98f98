package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.JobsDatabase.Counters;
import io.github.corebanking.ledger.postgres.jobs.JobsDatabase.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DailyBalanceSnapshotJobTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_snapshots", Instant.parse("2031-03-01T08:00:00Z"));
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static void at(String instant) {
    db.clock.set(Instant.parse(instant));
  }

  @Test
  void aSnapshotHoldsThePostedCountersAsOfTheLastMicrosecondOfTheDay() {
    Account cash = db.open("1000-a", AccountType.ASSET);
    Account deposits = db.open("2000-a", AccountType.LIABILITY);
    at("2031-03-01T10:00:00Z");
    db.transfer(cash, deposits, 1000);
    db.ledger.post(PostingRequest.builder().idempotencyKey("hold-a").pending()
        .debit(cash.id(), Money.ofMinor(5, CurrencyUnit.USD)).credit(deposits.id(), Money.ofMinor(5, CurrencyUnit.USD))
        .build());
    at("2031-03-01T23:59:59.999999Z");
    db.transfer(cash, deposits, 200);
    at("2031-03-02T00:00:00Z");
    db.transfer(cash, deposits, 30);

    JobResult result = db.jobs.dailyBalanceSnapshot(LocalDate.parse("2031-03-01")).run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.count("days")).isEqualTo(1);
    Instant asOf = Instant.parse("2031-03-01T23:59:59.999999Z");
    Snapshot snapshot = db.snapshot(cash, LocalDate.parse("2031-03-01")).orElseThrow();
    assertThat(snapshot.asOf()).isEqualTo(asOf);
    // The hold moved only pending counters and the version; the 00:00 transfer is the next day's.
    assertThat(snapshot.counters()).isEqualTo(new Counters(1200, 0, 3));
    assertThat(db.snapshot(deposits, LocalDate.parse("2031-03-01")).orElseThrow().counters())
        .isEqualTo(new Counters(0, 1200, 3));
    Balance asOfRead = db.store.balanceAsOf(cash.id(), asOf);
    assertThat(new Counters(asOfRead.postedDebits(), asOfRead.postedCredits(), asOfRead.version()))
        .isEqualTo(snapshot.counters());
    assertThat(db.store.balanceAsOf(cash.id(), Instant.parse("2031-03-02T00:00:00Z")).postedDebits()).isEqualTo(1230);
    assertThat(db.recordedRuns("daily-balance-snapshot")).contains("SUCCEEDED");
  }

  @Test
  void runningADayAgainGivesTheSameSnapshots() {
    Account cash = db.open("1000-b", AccountType.ASSET);
    Account deposits = db.open("2000-b", AccountType.LIABILITY);
    at("2031-03-10T10:00:00Z");
    db.transfer(cash, deposits, 410);
    LocalDate day = LocalDate.parse("2031-03-10");
    at("2031-03-11T02:00:00Z");

    JobResult first = db.jobs.dailyBalanceSnapshot(day).run();
    Snapshot before = db.snapshot(cash, day).orElseThrow();
    JobResult second = db.jobs.dailyBalanceSnapshot(day).run();

    assertThat(second.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(second.count("snapshots")).isEqualTo(first.count("snapshots"));
    assertThat(db.snapshot(cash, day)).contains(before);
    assertThat(before.counters()).isEqualTo(new Counters(410, 0, 1));
  }

  @Test
  void onlyAccountsWithActivityOrWithoutAnEarlierSnapshotAreSnapshotted() {
    Account a = db.open("1000-c", AccountType.ASSET);
    Account b = db.open("2000-c", AccountType.LIABILITY);
    Account c = db.open("2100-c", AccountType.LIABILITY);
    Account dormant = db.open("2200-c", AccountType.LIABILITY);
    Account unused = db.open("2300-c", AccountType.LIABILITY);
    at("2031-03-20T09:00:00Z");
    db.transfer(a, dormant, 70);
    at("2031-04-01T09:00:00Z");
    db.transfer(a, b, 100);
    at("2031-04-02T09:00:00Z");
    db.transfer(a, c, 40);
    at("2031-04-03T02:00:00Z");

    db.jobs.dailyBalanceSnapshot(LocalDate.parse("2031-04-01")).run();
    db.jobs.dailyBalanceSnapshot(LocalDate.parse("2031-04-02")).run();

    LocalDate first = LocalDate.parse("2031-04-01");
    LocalDate second = LocalDate.parse("2031-04-02");
    assertThat(db.snapshot(a, first)).isPresent();
    assertThat(db.snapshot(b, first)).isPresent();
    assertThat(db.snapshot(a, second).orElseThrow().counters()).isEqualTo(new Counters(210, 0, 3));
    assertThat(db.snapshot(c, second).orElseThrow().counters()).isEqualTo(new Counters(0, 40, 1));
    assertThat(db.snapshot(b, second)).as("no activity on the second day").isEmpty();
    assertThat(db.snapshot(c, first)).as("no entries yet on the first day").isEmpty();
    // Quiet since before any snapshot: it gets its first one, then keeps it.
    assertThat(db.snapshot(dormant, first).orElseThrow().counters()).isEqualTo(new Counters(0, 70, 1));
    assertThat(db.snapshot(dormant, second)).isEmpty();
    assertThat(db.snapshot(unused, first)).isEmpty();
    assertThat(db.snapshot(unused, second)).isEmpty();
    // As-of reads of the quiet account start from its snapshot and stay right.
    assertThat(db.store.balanceAsOf(b.id(), Instant.parse("2031-04-05T00:00:00Z")).postedCredits()).isEqualTo(100);
  }

  @Test
  void lateEntriesAreCountedWhenTheDaysAreRunAgain() {
    Account cash = db.open("1000-d", AccountType.ASSET);
    Account deposits = db.open("2000-d", AccountType.LIABILITY);
    at("2031-05-01T10:00:00Z");
    db.transfer(cash, deposits, 1000);
    at("2031-05-02T10:00:00Z");
    db.transfer(cash, deposits, 20);
    LocalDate first = LocalDate.parse("2031-05-01");
    LocalDate second = LocalDate.parse("2031-05-02");
    at("2031-05-03T02:00:00Z");
    db.jobs.dailyBalanceSnapshots(first, second).run();
    assertThat(db.snapshot(cash, first).orElseThrow().counters()).isEqualTo(new Counters(1000, 0, 1));

    // Booked at an instant of the first day, after that day was snapshotted.
    at("2031-05-01T12:00:00Z");
    db.transfer(cash, deposits, 77);
    at("2031-05-03T10:00:00Z");
    assertThat(db.snapshot(cash, first).orElseThrow().counters().debits()).isEqualTo(1000);
    IntegrityCheckJob check = db.jobs.integrityCheck();
    check.run();
    assertThat(check.lastFindings().orElseThrow().snapshotMismatches())
        .contains(new IntegrityFindings.SnapshotKey(cash.id(), first), new IntegrityFindings.SnapshotKey(cash.id(), second));

    db.jobs.dailyBalanceSnapshot(first).run();
    assertThat(db.snapshot(cash, first).orElseThrow().counters()).isEqualTo(new Counters(1077, 0, 3));
    assertThat(db.snapshot(cash, first).orElseThrow().counters())
        .isEqualTo(db.fromEntries(cash, Instant.parse("2031-05-01T23:59:59.999999Z")));

    db.jobs.dailyBalanceSnapshots(first, second).run();
    assertThat(db.snapshot(cash, second).orElseThrow().counters()).isEqualTo(new Counters(1097, 0, 3));
    assertThat(db.snapshot(deposits, second).orElseThrow().counters())
        .isEqualTo(db.fromEntries(deposits, Instant.parse("2031-05-02T23:59:59.999999Z")));
    check.run();
    assertThat(check.lastFindings().orElseThrow().snapshotMismatches()).noneMatch(k -> k.accountId().equals(cash.id()));
  }

  @Test
  void aDaysSnapshotStartsFromThePreviousSnapshotNotFromTheWholeHistory() {
    Account cash = db.open("1000-e", AccountType.ASSET);
    Account deposits = db.open("2000-e", AccountType.LIABILITY);
    at("2031-06-01T10:00:00Z");
    db.transfer(cash, deposits, 300);
    at("2031-06-02T10:00:00Z");
    db.transfer(cash, deposits, 5);
    at("2031-06-03T02:00:00Z");
    LocalDate first = LocalDate.parse("2031-06-01");
    LocalDate second = LocalDate.parse("2031-06-02");
    db.jobs.dailyBalanceSnapshot(first).run();
    // A marker in the first snapshot shows up in the second only if the second builds on it.
    db.sql.useHandle(h -> h.createUpdate("""
        UPDATE <schema>.balance_snapshots SET posted_debits = posted_debits + 1000000
        WHERE account_id = :a AND snapshot_date = :d
        """).bind("a", cash.id().value()).bind("d", first).execute());

    db.jobs.dailyBalanceSnapshot(second).run();

    assertThat(db.snapshot(cash, second).orElseThrow().counters()).isEqualTo(new Counters(1_000_305, 0, 2));
    db.jobs.dailyBalanceSnapshots(first, second).run();
    assertThat(db.snapshot(cash, second).orElseThrow().counters()).isEqualTo(new Counters(305, 0, 2));
  }

  @Test
  void aDayThatHasNotEndedIsNotSnapshotted() {
    Account cash = db.open("1000-f", AccountType.ASSET);
    Account deposits = db.open("2000-f", AccountType.LIABILITY);
    at("2031-07-01T10:00:00Z");
    db.transfer(cash, deposits, 60);

    JobResult result = db.jobs.dailyBalanceSnapshot(LocalDate.parse("2031-07-01")).run();

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.message()).contains("2031-07-01").contains("has not ended yet");
    assertThat(db.snapshot(cash, LocalDate.parse("2031-07-01"))).isEmpty();
    assertThat(db.recordedRuns("daily-balance-snapshot")).contains("FAILED");
  }

  @Test
  void rerunningARangeRefreshesALaterSnapshotEvenWithoutEntriesThatDay() {
    Account cash = db.open("1000-g", AccountType.ASSET);
    Account deposits = db.open("2000-g", AccountType.LIABILITY);
    at("2031-08-01T10:00:00Z");
    db.transfer(cash, deposits, 500);
    at("2031-08-03T02:00:00Z");
    LocalDate first = LocalDate.parse("2031-08-01");
    LocalDate second = LocalDate.parse("2031-08-02");
    // Only the second day was snapshotted: the account got its first snapshot then.
    db.jobs.dailyBalanceSnapshot(second).run();
    assertThat(db.snapshot(cash, second).orElseThrow().counters()).isEqualTo(new Counters(500, 0, 1));
    at("2031-08-01T20:00:00Z");
    db.transfer(cash, deposits, 9);
    at("2031-08-03T03:00:00Z");

    db.jobs.dailyBalanceSnapshots(first, second).run();

    assertThat(db.snapshot(cash, first).orElseThrow().counters()).isEqualTo(new Counters(509, 0, 2));
    assertThat(db.snapshot(cash, second).orElseThrow().counters()).isEqualTo(new Counters(509, 0, 2));
  }
}
