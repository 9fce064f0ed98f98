package io.github.corebanking.ledger.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryJobRunsTest {

  private static JobResult run(String job, int n) {
    return new JobResult(job, JobStatus.SUCCEEDED, Instant.EPOCH.plusSeconds(n), Duration.ZERO, Map.of(), "run " + n);
  }

  @Test
  void theLockIsNotReentrantAndClosingTwiceReleasesOnce() {
    InMemoryJobRuns runs = new InMemoryJobRuns();
    JobLock first = runs.tryLock("nightly").orElseThrow();

    assertThat(runs.tryLock("nightly")).as("same thread, lock held").isEmpty();
    assertThat(runs.tryLock("other")).isPresent();
    first.close();
    JobLock second = runs.tryLock("nightly").orElseThrow();
    first.close();
    assertThat(runs.tryLock("nightly")).as("a stale close does not release the next holder").isEmpty();
    second.close();
  }

  @Test
  void theRecordIsBoundedAndDropsTheOldestRuns() {
    InMemoryJobRuns runs = new InMemoryJobRuns(3);
    for (int i = 1; i <= 5; i++) {
      runs.record(run(i % 2 == 0 ? "even" : "odd", i));
    }

    assertThat(runs.size()).isEqualTo(3);
    assertThat(runs.recentRuns("odd", 10)).extracting(JobResult::message).containsExactly("run 5", "run 3");
    assertThat(runs.recentRuns("even", 10)).extracting(JobResult::message).containsExactly("run 4");
    assertThat(runs.recentRuns("odd", 1)).extracting(JobResult::message).containsExactly("run 5");
  }

  @Test
  void badArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> new InMemoryJobRuns(0)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("capacity");
    assertThatThrownBy(() -> new InMemoryJobRuns().recentRuns("nightly", 0)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> new InMemoryJobRuns().tryLock("Not A Name")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("name");
  }
}
