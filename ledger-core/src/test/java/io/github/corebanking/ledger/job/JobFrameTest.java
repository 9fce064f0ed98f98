package io.github.corebanking.ledger.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobFrameTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  private final InMemoryJobRuns runs = new InMemoryJobRuns();
  private final JobFrame<JobLock> frame = JobFrame.over(runs, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aRunOfTheBodyIsSucceededWithItsCountsAndRecordedOnce() {
    LedgerJob job = frame.job("nightly-close", (lock, counts) -> {
      counts.put("accounts", 3L);
      return "closed " + lock.job();
    });

    JobResult result = job.run();

    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.job()).isEqualTo("nightly-close");
    assertThat(result.startedAt()).isEqualTo(NOW);
    assertThat(result.counts()).containsExactly(java.util.Map.entry("accounts", 3L));
    assertThat(result.message()).isEqualTo("closed nightly-close");
    assertThat(runs.recentRuns("nightly-close", 10)).containsExactly(result);
  }

  @Test
  void aRunWhileTheLockIsHeldIsSkippedAndRecorded() {
    int[] ran = {0};
    LedgerJob job = frame.job("nightly-close", (lock, counts) -> "ran " + ++ran[0]);

    JobResult skipped;
    try (JobLock other = runs.tryLock("nightly-close").orElseThrow()) {
      skipped = job.run();
    }
    JobResult after = job.run();

    assertThat(skipped.status()).isEqualTo(JobStatus.SKIPPED);
    assertThat(skipped.message()).isEqualTo(JobFrame.SKIPPED_MESSAGE);
    assertThat(after.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(ran[0]).isEqualTo(1);
    assertThat(runs.recentRuns("nightly-close", 10)).containsExactly(after, skipped);
  }

  @Test
  void aRunFromAnotherThreadWhileTheFirstRunsIsSkipped() throws Exception {
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    LedgerJob job = frame.job("nightly-close", (lock, counts) -> {
      inside.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "first";
    });
    CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(job::run);
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(job.run().status()).isEqualTo(JobStatus.SKIPPED);
    } finally {
      release.countDown();
    }
    assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aFailingBodyIsAFailedResultWithItsMessageAndCountsAndReleasesTheLock() {
    LedgerJob job = frame.job("nightly-close", (lock, counts) -> {
      counts.put("accounts", 1L);
      throw new IllegalStateException("the day is not over\nsecond line");
    });

    JobResult failed = job.run();

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.message()).isEqualTo("IllegalStateException: the day is not over");
    assertThat(failed.count("accounts")).isEqualTo(1);
    assertThat(runs.recentRuns("nightly-close", 1)).containsExactly(failed);
    assertThat(runs.tryLock("nightly-close")).as("released after the failure").isPresent();
  }

  @Test
  void aLockThatCannotBeTakenIsAFailedResultNotAnException() {
    JobRuns<JobLock> down = new JobRuns<>() {
      @Override
      public Optional<JobLock> tryLock(String job) {
        throw new IllegalStateException("database down");
      }

      @Override
      public void record(JobResult result) {
        throw new IllegalStateException("database down");
      }

      @Override
      public List<JobResult> recentRuns(String job, int limit) {
        return List.of();
      }
    };

    JobResult result = JobFrame.over(down, Clock.systemUTC()).job("nightly-close", (lock, counts) -> "x").run();

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.message()).isEqualTo("IllegalStateException: database down");
  }

  @Test
  void aJobNameMustBeLowerCaseWordsJoinedByHyphens() {
    assertThatThrownBy(() -> frame.job("Nightly Close", (lock, counts) -> "x"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("name").hasMessageContaining("Nightly Close");
    assertThatThrownBy(() -> frame.job("a".repeat(64), (lock, counts) -> "x"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("63");
    assertThat(frame.job("expire-holds", (lock, counts) -> "x").name()).isEqualTo("expire-holds");
  }
}
