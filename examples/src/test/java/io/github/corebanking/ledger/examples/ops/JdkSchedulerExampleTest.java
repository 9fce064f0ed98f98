package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.micrometer.MeteredJob;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdkSchedulerExampleTest {

  private static OpsSchema db;

  @BeforeAll
  static void setUp() {
    db = new OpsSchema("ex_jdk");
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void onceRunsEveryJobOfTheGuideAndEachSucceeds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<JobResult> results = JdkSchedulerExample.run(db.settings(), MutableClock.at("2031-03-14T06:00:00Z"), true,
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(JobResult::job).containsExactly("ensure-partitions", "daily-balance-snapshot",
        "integrity-check", "refresh-loan-aging", "expire-holds", "analyze", "snapshot-retention", "job-runs-retention");
    assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(JobStatus.SUCCEEDED));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ensure-partitions SUCCEEDED");
  }

  @Test
  void theSchedulerFiresTheSnapshotJobAtTwoAndArmsItForTheNextDay() throws Exception {
    MutableClock clock = MutableClock.at("2031-03-15T01:59:59.700Z");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BlockingQueue<JobResult> results = new LinkedBlockingQueue<>();
    try (LedgerNode node = db.settings().startNode("jdk-test", clock, LedgerMetrics.of(registry));
        JdkScheduler scheduler = new JdkScheduler(Executors.newScheduledThreadPool(1), clock, ZoneOffset.UTC,
            results::add)) {
      List<ScheduledJob> snapshots = node.guideSchedule().stream()
          .filter(j -> j.name().equals("daily-balance-snapshot")).toList();
      assertThat(scheduler.nextFireTime(snapshots.get(0)))
          .isEqualTo(ZonedDateTime.parse("2031-03-15T02:00:00Z"));

      scheduler.start(snapshots);
      JobResult fired = results.poll(10, TimeUnit.SECONDS);

      assertThat(fired).isNotNull();
      assertThat(fired.job()).isEqualTo("daily-balance-snapshot");
      assertThat(fired.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(results.poll(300, TimeUnit.MILLISECONDS)).as("armed for tomorrow, not again now").isNull();
      assertThat(registry.get(MeteredJob.RUNS).tag("job", "daily-balance-snapshot").tag("status", "succeeded")
          .timer().count()).isEqualTo(1);
    }
  }
}
