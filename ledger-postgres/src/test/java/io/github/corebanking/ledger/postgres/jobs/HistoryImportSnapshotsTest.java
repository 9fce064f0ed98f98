package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.ImportedPosting;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.jobs.JobsDatabase.Counters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A history import into days that the snapshot job already snapshotted: the snapshots of the
 * imported accounts from the import's first booking instant on were computed without its entries,
 * so the import deletes them in its transaction, and reads by booking time stay exact until the
 * job runs the days again.
 */
class HistoryImportSnapshotsTest {

  private JobsDatabase db;
  private final AtomicInteger keys = new AtomicInteger();

  @BeforeEach
  void setUp() {
    db = new JobsDatabase("import_snapshots", Instant.parse("2026-01-15T09:00:00Z"));
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private ImportedPosting imported(Account debit, Account credit, long minor, String bookedAt) {
    Money amount = Money.ofMinor(minor, CurrencyUnit.USD);
    return new ImportedPosting(PostingRequest.builder().idempotencyKey("old-" + keys.incrementAndGet())
        .description("imported").debit(debit.id(), amount).credit(credit.id(), amount).build(), Instant.parse(bookedAt));
  }

  @Test
  void importingIntoSnapshottedDaysRepairsTheSnapshotsOfItsAccounts() {
    Account cash = db.open("1000", AccountType.ASSET);
    Account deposits = db.open("2000", AccountType.LIABILITY);
    Account other = db.open("1100", AccountType.ASSET);
    Account capital = db.open("3000", AccountType.EQUITY);
    db.ledger.importHistory(List.of(imported(cash, deposits, 100, "2025-01-10T10:00:00Z"),
        imported(other, capital, 7, "2025-01-20T10:00:00Z"), imported(cash, deposits, 200, "2025-02-10T10:00:00Z")));
    db.jobs.dailyBalanceSnapshots(LocalDate.parse("2025-01-01"), LocalDate.parse("2026-01-14")).run();
    assertThat(db.snapshot(cash, LocalDate.parse("2025-02-10")).orElseThrow().counters())
        .isEqualTo(new Counters(300, 0, 2));

    // Later on the last imported day, which the job snapshotted without it.
    db.ledger.importHistory(List.of(imported(cash, deposits, 50, "2025-02-10T15:00:00Z")));

    Instant yearEnd = Instant.parse("2025-12-31T23:59:59Z");
    assertThat(db.ledger.balanceAsOf(cash.id(), yearEnd).postedDebits()).as("booked by the year end").isEqualTo(350);
    assertThat(db.ledger.balanceAsOf(deposits.id(), yearEnd).postedCredits()).isEqualTo(350);
    assertThat(db.ledger.balanceAsOf(cash.id(), Instant.parse("2025-02-10T12:00:00Z")).postedDebits()).isEqualTo(300);
    assertThat(db.snapshot(cash, LocalDate.parse("2025-02-10"))).as("the day's snapshot, taken without it").isEmpty();
    assertThat(db.snapshot(cash, LocalDate.parse("2025-01-10"))).as("a snapshot before the import stays").isPresent();
    assertThat(db.snapshot(other, LocalDate.parse("2025-01-20"))).as("another account's snapshot stays").isPresent();
    IntegrityCheckJob check = db.jobs.integrityCheck();
    check.run();
    assertThat(check.lastFindings().orElseThrow().snapshotMismatches()).isEmpty();

    db.jobs.dailyBalanceSnapshots(LocalDate.parse("2025-02-01"), LocalDate.parse("2026-01-14")).run();
    assertThat(db.snapshot(cash, LocalDate.parse("2025-02-10")).orElseThrow().counters())
        .isEqualTo(new Counters(350, 0, 3));
    assertThat(db.ledger.balanceAsOf(cash.id(), yearEnd).postedDebits()).isEqualTo(350);
  }

  @Test
  void importsAndSnapshotRunsAtTheSameTimeLeaveNoSnapshotThatMissesAnImport() throws Exception {
    Account cash = db.open("1000", AccountType.ASSET);
    Account deposits = db.open("2000", AccountType.LIABILITY);
    db.ledger.importHistory(List.of(imported(cash, deposits, 1, "2025-01-01T10:00:00Z")));
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean importing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread snapshots = new Thread(() -> {
      try {
        while (importing.get()) {
          JobResult run = db.jobs.dailyBalanceSnapshots(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-03-31"))
              .run();
          if (run.status() != JobStatus.SUCCEEDED) {
            failures.add(new AssertionError("snapshot run " + run));
          }
        }
      } catch (Throwable e) {
        failures.add(e);
      }
    });
    snapshots.start();
    long total = 1;
    for (int day = 2; day <= 80; day++) {
      // Two calls a day: the job may snapshot the day between them.
      Instant morning = Instant.parse("2025-01-01T10:00:00Z").plusSeconds(86_400L * (day - 1));
      db.ledger.importHistory(List.of(imported(cash, deposits, day, morning.toString())));
      db.ledger.importHistory(List.of(imported(cash, deposits, 1_000L * day, morning.plusSeconds(4 * 3_600).toString())));
      total += 1_001L * day;
    }
    importing.set(false);
    snapshots.join(120_000);
    assertThat(snapshots.isAlive()).as("the snapshot runs ended").isFalse();
    assertThat(failures).isEmpty();

    IntegrityCheckJob check = db.jobs.integrityCheck();
    check.run();
    assertThat(check.lastFindings().orElseThrow().snapshotMismatches()).as("snapshots that differ from their entries")
        .isEmpty();
    assertThat(db.ledger.balanceAsOf(cash.id(), Instant.parse("2025-12-31T00:00:00Z")).postedDebits()).isEqualTo(total);
  }
}
