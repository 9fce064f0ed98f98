package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;

class QuartzSchedulerExampleTest {

  private static OpsSchema db;

  @BeforeAll
  static void setUp() {
    db = new OpsSchema("ex_quartz");
  }

  @AfterAll
  static void tearDown() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void everyJobIsACronTriggerInTheBanksZoneAtTheGuidesTime() throws Exception {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    MutableClock clock = MutableClock.at("2031-03-14T06:00:00Z");
    try (LedgerNode node = db.settings(berlin, "").startNode("quartz-test", clock,
        LedgerMetrics.of(new SimpleMeterRegistry()))) {
      Scheduler scheduler = QuartzSchedulerExample.schedule(node);
      try {
        for (ScheduledJob job : node.guideSchedule()) {
          CronTrigger trigger = (CronTrigger) scheduler.getTriggersOfJob(new JobKey(job.name(),
              QuartzSchedulerExample.GROUP)).get(0);
          assertThat(trigger.getCronExpression()).isEqualTo(job.schedule().cron());
          assertThat(trigger.getTimeZone().getID()).isEqualTo("Europe/Berlin");
          ZonedDateTime now = ZonedDateTime.now(berlin);
          assertThat(trigger.getFireTimeAfter(Date.from(now.toInstant())).toInstant())
              .as(job.name()).isEqualTo(job.schedule().next(now).toInstant());
        }
        CronTrigger snapshots = (CronTrigger) scheduler.getTriggersOfJob(new JobKey("daily-balance-snapshot",
            QuartzSchedulerExample.GROUP)).get(0);
        assertThat(snapshots.getCronExpression()).isEqualTo("0 0 2 * * ?");
      } finally {
        scheduler.shutdown();
      }
    }
  }

  @Test
  void onceFiresEveryJobThroughQuartzAndEachSucceeds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<JobResult> results = QuartzSchedulerExample.run(db.settings(), MutableClock.at("2031-03-14T06:00:00Z"), true,
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(results).extracting(JobResult::job).containsExactlyInAnyOrder("ensure-partitions",
        "daily-balance-snapshot", "integrity-check", "refresh-loan-aging", "expire-holds", "analyze",
        "snapshot-retention", "job-runs-retention");
    assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(JobStatus.SUCCEEDED));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("cron 0 0 2 * * ?");
  }
}
