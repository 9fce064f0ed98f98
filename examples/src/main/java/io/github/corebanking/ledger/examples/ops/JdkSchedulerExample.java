package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The operations guide's job schedule on the JDK's {@code ScheduledExecutorService}: partitions
 * monthly, snapshots daily at 02:00, the integrity check daily at 03:00, loan aging hourly, expired
 * holds hourly, ANALYZE weekly, snapshot retention daily, all in the bank's zone.
 *
 * <pre>
 * LEDGER_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=root' LEDGER_SCHEMA=ledger \
 *   java ... io.github.corebanking.ledger.examples.ops.JdkSchedulerExample --once
 * </pre>
 *
 * <p>With {@code --once} every job runs once, now, and the program prints the results and exits
 * (what an operator does after a restore, or a test); without it the program prints each job's
 * next fire time and runs until stopped.
 */
public final class JdkSchedulerExample {

  private JdkSchedulerExample() {}

  /**
   * Runs the example.
   *
   * @param args {@code --once} to run every job once and exit
   * @throws InterruptedException when stopped while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    boolean once = List.of(args).contains("--once");
    run(Settings.fromEnvironment(env), Clock.systemUTC(), once, System.out);
  }

  /**
   * The example's body, with the clock and output given.
   *
   * @param settings where the ledger is
   * @param clock    what "now" is
   * @param once     run every job once and return, instead of scheduling them
   * @param out      where to print
   * @return the results of the runs made before returning (every job's, in {@code once} mode)
   * @throws InterruptedException when stopped while waiting
   */
  static List<JobResult> run(Settings settings, Clock clock, boolean once, PrintStream out)
      throws InterruptedException {
    LedgerMetrics metrics = LedgerMetrics.of(new SimpleMeterRegistry());
    List<JobResult> results = new ArrayList<>();
    try (LedgerNode node = settings.startNode("scheduler", clock, metrics)) {
      List<ScheduledJob> schedule = node.guideSchedule();
      if (once) {
        for (ScheduledJob job : schedule) {
          JobResult result = job.job().run();
          results.add(result);
          out.println(result);
        }
        return results;
      }
      try (JdkScheduler scheduler = new JdkScheduler(
          Executors.newScheduledThreadPool(2), clock, settings.zone(), result -> {
            out.println(result);
          })) {
        for (ScheduledJob job : schedule) {
          out.printf("%-24s %-26s next %s  (%s)%n", job.name(), job.schedule().describe(),
              scheduler.nextFireTime(job), job.why());
        }
        scheduler.start(schedule);
        new CountDownLatch(1).await();
      }
    }
    return results;
  }
}
