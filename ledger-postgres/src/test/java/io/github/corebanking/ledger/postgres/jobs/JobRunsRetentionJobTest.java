package io.github.corebanking.ledger.postgres.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobRunsRetentionJobTest {

  private static final Instant NOW = Instant.parse("2031-06-01T00:00:00Z");

  private static JobsDatabase db;

  @BeforeAll
  static void setUp() {
    db = new JobsDatabase("jobs_runs_retention", NOW);
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  private static void recorded(String job, JobStatus status, Duration ago) {
    db.jobs.jobRuns().record(new JobResult(job, status, NOW.minus(ago), Duration.ofMillis(5), Map.of("n", 1L),
        status + " " + ago.toDays() + "d"));
  }

  private static List<String> messages(String job) {
    return db.jobs.jobRuns().recentRuns(job, 100).stream().map(JobResult::message).toList();
  }

  @Test
  void oldRunsAndStaleSkippedRunsGoWhileEachJobsLatestSuccessAndLatestWorkStay() {
    // A monthly job: its last success and its last failure are older than the retention.
    recorded("monthly", JobStatus.SUCCEEDED, Duration.ofDays(200));
    recorded("monthly", JobStatus.SUCCEEDED, Duration.ofDays(150));
    recorded("monthly", JobStatus.FAILED, Duration.ofDays(120));
    recorded("monthly", JobStatus.SKIPPED, Duration.ofDays(119));
    // A daily job.
    recorded("daily", JobStatus.SUCCEEDED, Duration.ofDays(100));
    recorded("daily", JobStatus.SUCCEEDED, Duration.ofDays(10));
    recorded("daily", JobStatus.SKIPPED, Duration.ofDays(2));
    recorded("daily", JobStatus.SKIPPED, Duration.ofHours(1));
    recorded("daily", JobStatus.SUCCEEDED, Duration.ofHours(2));

    JobResult result = db.jobs.jobRunsRetention(Duration.ofDays(90), Duration.ofDays(1)).run();

    assertThat(result.status()).as(result.message()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(result.count("deleted")).isEqualTo(4);
    assertThat(messages("monthly")).containsExactly("FAILED 120d", "SUCCEEDED 150d");
    assertThat(messages("daily")).containsExactly("SKIPPED 0d", "SUCCEEDED 0d", "SUCCEEDED 10d");
    assertThat(messages(JobRunsRetentionJob.NAME)).as("the run itself is recorded").hasSize(1);
    assertThat(db.jobs.jobRunsRetention().run().count("deleted")).as("idempotent").isZero();
  }
}
