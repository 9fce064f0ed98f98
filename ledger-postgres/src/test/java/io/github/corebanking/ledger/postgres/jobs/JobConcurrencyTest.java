package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobConcurrencyTest {

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_concurrency", Instant.parse("2031-02-01T09:00:00Z"));
    db.transfer(db.open("1000", AccountType.ASSET), db.open("3000", AccountType.EQUITY), 100);
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  static Stream<Arguments> jobs() {
    return Stream.of(
        Arguments.of("ensure-partitions", (Function<PostgresLedgerJobs, LockedJob>) PostgresLedgerJobs::ensurePartitions),
        Arguments.of("daily-balance-snapshot",
            (Function<PostgresLedgerJobs, LockedJob>) j -> j.dailyBalanceSnapshot(LocalDate.parse("2031-01-31"))),
        Arguments.of("integrity-check", (Function<PostgresLedgerJobs, LockedJob>) PostgresLedgerJobs::integrityCheck),
        Arguments.of("recalculate-balances",
            (Function<PostgresLedgerJobs, LockedJob>) PostgresLedgerJobs::recalculateBalances),
        Arguments.of("expire-pending", (Function<PostgresLedgerJobs, LockedJob>) PostgresLedgerJobs::expirePending),
        Arguments.of("snapshot-retention",
            (Function<PostgresLedgerJobs, LockedJob>) j -> j.snapshotRetention(Period.ofDays(30))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void aSecondRunWhileTheFirstHoldsTheLockIsSkipped(String name, Function<PostgresLedgerJobs, LockedJob> make)
      throws Exception {
    LockedJob first = make.apply(db.jobs);
    LockedJob second = make.apply(db.jobs);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    first.afterLock(() -> {
      locked.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    CompletableFuture<JobResult> running = CompletableFuture.supplyAsync(first::run);
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

    JobResult skipped = second.run();
    release.countDown();
    JobResult done = running.get(30, TimeUnit.SECONDS);

    assertThat(first.name()).isEqualTo(name);
    assertThat(skipped.status()).isEqualTo(JobStatus.SKIPPED);
    assertThat(skipped.message()).contains("another run holds the lock");
    assertThat(done.status()).as(done.message()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(db.recordedRuns(name)).endsWith("SKIPPED", "SUCCEEDED");
    assertThat(second.run().status()).as("the lock is released after the run").isEqualTo(JobStatus.SUCCEEDED);
  }
}
