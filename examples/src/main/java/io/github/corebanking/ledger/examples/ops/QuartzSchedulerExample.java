package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The operations guide's job schedule on Quartz: one Quartz job per ledger job, a cron trigger per
 * schedule in the bank's zone. An in-memory job store is enough even with many nodes: each ledger
 * job takes its own PostgreSQL advisory lock, so when every node's Quartz fires at 02:00 one node
 * snapshots and the others return SKIPPED.
 *
 * <pre>
 * LEDGER_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=root' \
 *   java ... io.github.corebanking.ledger.examples.ops.QuartzSchedulerExample --once
 * </pre>
 *
 * <p>With {@code --once} every trigger's job is fired once now, through Quartz, and the program
 * prints the results and exits; without it the program prints the triggers and runs until stopped.
 */
public final class QuartzSchedulerExample {

  /** The Quartz group of the ledger's jobs. */
  static final String GROUP = "ledger";

  private QuartzSchedulerExample() {}

  /**
   * Runs a {@link LedgerJob} that the scheduler context holds under the Quartz job's name; never
   * two at once on this node (and, through the job's advisory lock, never two at once anywhere).
   */
  @DisallowConcurrentExecution
  public static final class RunLedgerJob implements Job {

    /** Quartz makes one per firing. */
    public RunLedgerJob() {}

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        LedgerJob job = (LedgerJob) context.getScheduler().getContext().get(context.getJobDetail().getKey().getName());
        context.setResult(job.run());
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      }
    }
  }

  /**
   * Runs the example.
   *
   * @param args {@code --once} to fire every job once and exit
   * @throws Exception when Quartz fails to start
   */
  public static void main(String[] args) throws Exception {
    run(Settings.fromEnvironment(System.getenv()), Clock.systemUTC(), List.of(args).contains("--once"), System.out);
  }

  /**
   * Schedules the guide's jobs on a new Quartz scheduler.
   *
   * @param node the node whose jobs run
   * @return the started scheduler (standby until {@code start()})
   * @throws SchedulerException when Quartz fails
   */
  static Scheduler schedule(LedgerNode node) throws SchedulerException {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "ledger-" + node.name);
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
    TimeZone zone = TimeZone.getTimeZone(node.zone);
    for (ScheduledJob job : node.guideSchedule()) {
      scheduler.getContext().put(job.name(), job.job());
      JobDetail detail = JobBuilder.newJob(RunLedgerJob.class).withIdentity(job.name(), GROUP)
          .withDescription(job.why()).build();
      CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(job.name(), GROUP)
          .withSchedule(CronScheduleBuilder.cronSchedule(job.schedule().cron()).inTimeZone(zone)
              .withMisfireHandlingInstructionFireAndProceed())
          .build();
      scheduler.scheduleJob(detail, trigger);
    }
    return scheduler;
  }

  /**
   * The example's body.
   *
   * @param settings where the ledger is
   * @param clock    the ledger's clock
   * @param once     fire every job once through Quartz and return
   * @param out      where to print
   * @return the results of the runs made before returning
   * @throws Exception when Quartz fails
   */
  static List<JobResult> run(Settings settings, Clock clock, boolean once, PrintStream out) throws Exception {
    List<JobResult> results = Collections.synchronizedList(new ArrayList<>());
    try (LedgerNode node = settings.startNode("quartz", clock, LedgerMetrics.of(new SimpleMeterRegistry()))) {
      Scheduler scheduler = schedule(node);
      List<JobKey> keys = new ArrayList<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)));
      CountDownLatch done = new CountDownLatch(once ? keys.size() : Integer.MAX_VALUE);
      scheduler.getListenerManager().addJobListener(new ResultListener(results, done, out));
      try {
        for (JobKey key : keys) {
          CronTrigger trigger = (CronTrigger) scheduler.getTriggersOfJob(key).get(0);
          out.printf("%-24s cron %-18s next %s%n", key.getName(), trigger.getCronExpression(),
              trigger.getFireTimeAfter(java.util.Date.from(clock.instant())).toInstant());
        }
        scheduler.start();
        if (once) {
          for (JobKey key : keys) {
            scheduler.triggerJob(key);
          }
          if (!done.await(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("jobs did not finish within two minutes: " + results);
          }
          return List.copyOf(results);
        }
        new CountDownLatch(1).await();
      } finally {
        scheduler.shutdown(true);
      }
    }
    return List.copyOf(results);
  }

  /** Collects and prints each ledger job's result. */
  private static final class ResultListener implements JobListener {
    private final List<JobResult> results;
    private final CountDownLatch done;
    private final PrintStream out;

    ResultListener(List<JobResult> results, CountDownLatch done, PrintStream out) {
      this.results = results;
      this.done = done;
      this.out = out;
    }

    @Override
    public String getName() {
      return "ledger-job-results";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {}

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {}

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
      if (context.getResult() instanceof JobResult result) {
        results.add(result);
        out.println(result);
      } else if (error != null) {
        out.println(context.getJobDetail().getKey().getName() + " could not run: " + error.getMessage());
      }
      done.countDown();
    }
  }
}
