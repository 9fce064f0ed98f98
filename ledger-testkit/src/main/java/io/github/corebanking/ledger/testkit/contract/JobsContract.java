package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobFrame;
import io.github.corebanking.ledger.job.JobLock;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobRuns;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LedgerStore#jobRuns()}: the lock and the record every job runs with. */
abstract class JobsContract extends ContractSupport {

  JobsContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  @Timeout(60)
  void aSecondHolderOfAJobLockIsTurnedAwayFromAnyThreadUntilItIsReleased() throws Exception {
    JobRuns<?> runs = store.jobRuns();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      JobLock first = pool.submit(() -> runs.tryLock("contract-lock").orElseThrow())
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      try {
        assertThat(runs.tryLock("contract-lock")).as("held on another thread").isEmpty();
        assertThat(pool.submit(() -> runs.tryLock("contract-lock").isPresent()).get(WAIT_SECONDS, TimeUnit.SECONDS))
            .as("held, asked again by the holder's thread").isFalse();
      } finally {
        first.close();
      }
      try (JobLock after = runs.tryLock("contract-lock").orElseThrow()) {
        assertThat(after.job()).as("released after the work").isEqualTo("contract-lock");
      }
    } finally {
      shutdown(pool);
    }
  }

  @Test
  void differentJobNamesDoNotBlockEachOther() {
    JobRuns<?> runs = store.jobRuns();
    try (JobLock a = runs.tryLock("contract-lock-a").orElseThrow()) {
      try (JobLock b = runs.tryLock("contract-lock-b").orElseThrow()) {
        assertThat(List.of(a.job(), b.job())).containsExactly("contract-lock-a", "contract-lock-b");
      }
    }
  }

  @Test
  void aFailingJobIsOneFailedRecordAndReleasesItsLock() {
    LedgerJob failing = JobFrame.over(store.jobRuns(), clock).job("contract-failing", (lock, counts) -> {
      counts.put("done", 1L);
      throw new IllegalStateException("work failed");
    });

    JobResult failed = failing.run();

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.message()).contains("work failed");
    assertThat(failed.count("done")).isEqualTo(1);
    assertThat(store.jobRuns().recentRuns("contract-failing", 10)).singleElement()
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(JobStatus.FAILED);
          assertThat(r.message()).isEqualTo(failed.message());
          assertThat(r.counts()).isEqualTo(failed.counts());
        });
    try (JobLock again = store.jobRuns().tryLock("contract-failing").orElseThrow()) {
      assertThat(again.job()).isEqualTo("contract-failing");
    }
  }

  @Test
  @Timeout(60)
  void theExpiryJobIsSkippedWhileAnotherRunHoldsItsLock() {
    Book book = openBook();
    Transaction held = hold("auth", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(1)));
    clock.set(START.plus(Duration.ofHours(1)));
    ExpireHoldsJob job = new ExpireHoldsJob(ledger, store, clock, 100);

    JobResult skipped;
    try (JobLock other = store.jobRuns().tryLock(ExpireHoldsJob.NAME).orElseThrow()) {
      skipped = job.run();
    }

    assertThat(skipped.status()).as("%s", skipped).isEqualTo(JobStatus.SKIPPED);
    assertThat(status(held)).isEqualTo(TransactionStatus.PENDING);
    JobResult ran = job.run();
    assertThat(ran.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(ran.count("voided")).isEqualTo(1);
    assertThat(status(held)).isEqualTo(TransactionStatus.VOIDED);
    assertThat(store.jobRuns().recentRuns(ExpireHoldsJob.NAME, 2)).extracting(JobResult::status)
        .as("one record per run, newest first").containsExactly(JobStatus.SUCCEEDED, JobStatus.SKIPPED);
  }
}
