package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.LedgerJob;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.jobs.PostgresLedgerJobs;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The ledger's jobs on cron schedules ({@code ledger.jobs.<name>.cron}), off unless a schedule is
 * given. Runs them on the application's {@link TaskScheduler} when it has exactly one, otherwise on
 * a one-thread scheduler of its own. Each job takes the schema's lock for its name, so a schedule
 * may run on every node: one node works, the others record SKIPPED.
 *
 * <p>The names are the jobs' own ({@code ensure-partitions}, {@code daily-balance-snapshot}: the
 * previous day in the bank's zone, {@code integrity-check}, {@code job-runs-retention},
 * {@code expire-holds}, {@code analyze}, and {@code balance-monitors}, which the auto-configuration adds
 * and which tells the application's listeners of each alert); an unknown name or a cron expression Spring cannot parse
 * stops the application at start with an {@link InvalidRequestException} naming the property.
 * Stopped before the ledger and the store close.
 */
public final class LedgerJobSchedules implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerJobSchedules.class);

  private final Map<String, CronExpression> schedules = new LinkedHashMap<>();
  private final Map<String, LedgerJob> jobs;
  private final ZoneId zone;
  private final @Nullable TaskScheduler given;
  private @Nullable ThreadPoolTaskScheduler own;
  private final List<ScheduledFuture<?>> futures = new ArrayList<>();
  private volatile boolean running;

  /**
   * @param jobs      the jobs that may be scheduled, by name
   * @param settings  {@code ledger.jobs}: each name's settings
   * @param zone      the zone the cron expressions are read in
   * @param metrics   meters each run, or null
   * @param scheduler the scheduler to use, or null for one of its own
   * @throws InvalidRequestException naming {@code ledger.jobs.<name>} or {@code ledger.jobs.<name>.cron}
   */
  public LedgerJobSchedules(Map<String, LedgerJob> jobs, Map<String, LedgerProperties.Job> settings, ZoneId zone,
      @Nullable LedgerMetrics metrics, @Nullable TaskScheduler scheduler) {
    Map<String, LedgerJob> metered = new LinkedHashMap<>();
    jobs.forEach((name, job) -> metered.put(name, metrics == null ? job : metrics.instrument(job)));
    this.jobs = metered;
    this.zone = zone;
    this.given = scheduler;
    for (Map.Entry<String, LedgerProperties.Job> e : settings.entrySet()) {
      String name = e.getKey();
      if (!jobs.containsKey(name)) {
        throw new InvalidRequestException("ledger.jobs." + name, name, "is not a job; the jobs are " + jobs.keySet());
      }
      String cron = e.getValue().getCron();
      if (cron == null || cron.isBlank()) {
        continue;
      }
      try {
        schedules.put(name, CronExpression.parse(cron));
      } catch (IllegalArgumentException invalid) {
        throw new InvalidRequestException("ledger.jobs." + name + ".cron", cron,
            "is not a cron expression (six fields, seconds first, such as \"0 15 0 * * *\"): " + invalid.getMessage(),
            invalid);
      }
    }
  }

  /**
   * The jobs a schedule may name: those {@link PostgresLedgerJobs#scheduledJobs()} returns, and
   * {@link PostgresLedgerJobs#analyze()}.
   *
   * @param jobs the schema's jobs
   * @return them by name
   */
  public static Map<String, LedgerJob> jobsByName(PostgresLedgerJobs jobs) {
    Map<String, LedgerJob> byName = new LinkedHashMap<>();
    for (LedgerJob job : jobs.scheduledJobs()) {
      byName.put(job.name(), job);
    }
    LedgerJob analyze = jobs.analyze();
    byName.put(analyze.name(), analyze);
    return byName;
  }

  /** @return the scheduled jobs' names and cron expressions */
  public Map<String, String> schedules() {
    Map<String, String> result = new LinkedHashMap<>();
    schedules.forEach((name, cron) -> result.put(name, cron.toString()));
    return result;
  }

  /**
   * Runs a job now, as its schedule would.
   *
   * @param name a job's name
   * @return what it did
   * @throws InvalidRequestException naming {@code job} when there is no such job
   */
  public JobResult runNow(String name) {
    LedgerJob job = jobs.get(name);
    if (job == null) {
      throw new InvalidRequestException("job", name, "is not a job; the jobs are " + jobs.keySet());
    }
    JobResult result = job.run();
    if (result.status() == JobStatus.FAILED) {
      LOG.warn("ledger job {} failed: {}", name, result);
    } else {
      LOG.debug("ledger job {}: {}", name, result);
    }
    return result;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    TaskScheduler scheduler = given;
    if (scheduler == null && !schedules.isEmpty()) {
      ThreadPoolTaskScheduler created = new ThreadPoolTaskScheduler();
      created.setPoolSize(1);
      created.setThreadNamePrefix("ledger-jobs-");
      created.setDaemon(true);
      created.initialize();
      own = created;
      scheduler = created;
    }
    for (Map.Entry<String, CronExpression> e : schedules.entrySet()) {
      String name = e.getKey();
      futures.add(scheduler.schedule(() -> runScheduled(name), new CronTrigger(e.getValue().toString(), zone)));
    }
    running = true;
  }

  private void runScheduled(String name) {
    try {
      runNow(name);
    } catch (RuntimeException e) {
      LOG.error("ledger job {} could not run", name, e);
    }
  }

  @Override
  public synchronized void stop() {
    for (ScheduledFuture<?> f : futures) {
      f.cancel(false);
    }
    futures.clear();
    ThreadPoolTaskScheduler created = own;
    if (created != null) {
      created.shutdown();
      own = null;
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
