package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.job.JobResult;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs each job at the times its {@link Schedule} gives, on a {@link ScheduledExecutorService}.
 * Each run re-arms the job for its next fire time after the one it was armed for, so a slow run
 * or a clock change never makes it fire twice for the same slot, and daylight-saving days keep
 * 02:00 at 02:00.
 */
final class JdkScheduler implements AutoCloseable {

  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final ZoneId zone;
  private final Consumer<JobResult> onResult;
  private volatile boolean stopped;

  /**
   * @param executor where jobs run; shut down by {@link #close()}
   * @param clock    what "now" is
   * @param zone     the bank's zone
   * @param onResult told each result (log it, alert on FAILED)
   */
  JdkScheduler(ScheduledExecutorService executor, Clock clock, ZoneId zone, Consumer<JobResult> onResult) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.onResult = Objects.requireNonNull(onResult, "onResult");
  }

  /**
   * Arms every job for its next fire time.
   *
   * @param jobs the jobs
   */
  void start(List<ScheduledJob> jobs) {
    ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), zone);
    for (ScheduledJob job : jobs) {
      arm(job, job.schedule().next(now));
    }
  }

  /**
   * @param job  a job
   * @return when it fires next from now
   */
  ZonedDateTime nextFireTime(ScheduledJob job) {
    return job.schedule().next(ZonedDateTime.ofInstant(clock.instant(), zone));
  }

  private void arm(ScheduledJob job, ZonedDateTime at) {
    if (stopped) {
      return;
    }
    long delay = Math.max(0, Duration.between(clock.instant(), at.toInstant()).toMillis());
    executor.schedule(() -> {
      try {
        onResult.accept(job.job().run());
      } finally {
        arm(job, job.schedule().next(at));
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stopped = true;
    executor.shutdownNow();
  }
}
