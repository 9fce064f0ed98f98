package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.concurrent.CompletableFuture;
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
        Arguments.of(EnsurePartitionsJob.NAME, (Function<PostgresLedgerJobs, LedgerJob>) PostgresLedgerJobs::ensurePartitions),
        Arguments.of(DailyBalanceSnapshotJob.NAME,
            (Function<PostgresLedgerJobs, LedgerJob>) j -> j.dailyBalanceSnapshot(LocalDate.parse("2031-01-31"))),
        Arguments.of(IntegrityCheckJob.NAME, (Function<PostgresLedgerJobs, LedgerJob>) PostgresLedgerJobs::integrityCheck),
        Arguments.of(RecalculateBalancesJob.NAME,
            (Function<PostgresLedgerJobs, LedgerJob>) PostgresLedgerJobs::recalculateBalances),
        Arguments.of(ExpireHoldsJob.NAME, (Function<PostgresLedgerJobs, LedgerJob>) PostgresLedgerJobs::expireHolds),
        Arguments.of(ExpireHoldsJob.NAME,
            (Function<PostgresLedgerJobs, LedgerJob>) j -> new ExpireHoldsJob(db.ledger, db.store, db.clock, 10)),
        Arguments.of(SnapshotRetentionJob.NAME,
            (Function<PostgresLedgerJobs, LedgerJob>) j -> j.snapshotRetention(Period.ofDays(30))),
        Arguments.of(JobRunsRetentionJob.NAME, (Function<PostgresLedgerJobs, LedgerJob>) PostgresLedgerJobs::jobRunsRetention),
        Arguments.of(AnalyzeJob.NAME, (Function<PostgresLedgerJobs, LedgerJob>) PostgresLedgerJobs::analyze),
        Arguments.of("custom-job", (Function<PostgresLedgerJobs, LedgerJob>) j -> j.job("custom-job", (lock, counts) -> {
          counts.put("one", lock.handle().createQuery("SELECT 1").mapTo(Long.class).one());
          return "ran on the lock's connection";
        })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void aRunWhileAnotherNodeHoldsTheLockIsSkippedAndRecordedThenRuns(String name,
      Function<PostgresLedgerJobs, LedgerJob> make) throws Exception {
    LedgerJob job = make.apply(db.jobs);
    // Another node: the store's runs over the same schema, on a connection of its own.
    PostgresJobLock held = CompletableFuture.supplyAsync(() -> db.store.jobRuns().tryLock(name).orElseThrow())
        .get(30, TimeUnit.SECONDS);
    JobResult skipped;
    try {
      skipped = job.run();
    } finally {
      held.close();
    }
    JobResult done = job.run();

    assertThat(job.name()).isEqualTo(name);
    assertThat(skipped.status()).isEqualTo(JobStatus.SKIPPED);
    assertThat(skipped.message()).contains("another run holds the lock");
    assertThat(done.status()).as(done.message()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(db.recordedRuns(name)).endsWith("SKIPPED", "SUCCEEDED");
    assertThat(db.jobs.jobRuns().recentRuns(name, 2)).extracting(JobResult::status)
        .containsExactly(JobStatus.SUCCEEDED, JobStatus.SKIPPED);
  }
}
