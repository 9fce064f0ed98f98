package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one frame every job runs in, over a {@link JobRuns}: take the job's lock (a run that finds
 * it taken returns {@link JobStatus#SKIPPED} at once), run the body, release the lock, record the
 * run. A failure of the body, or of taking the lock, is a {@link JobStatus#FAILED} result with the
 * message, recorded and logged once, never an exception. Every run leaves one record.
 *
 * <pre>{@code
 * JobFrame<JobLock> frame = JobFrame.over(store.jobRuns(), Clock.systemUTC());
 * LedgerJob nightly = frame.job("close-business-day", (lock, counts) -> {
 *   counts.put("accounts", closeDay());
 *   return "business day closed";
 * });
 * JobResult result = nightly.run();   // SUCCEEDED, SKIPPED while another node runs it, or FAILED
 * }</pre>
 *
 * @param <L> the lock the runs hand out
 */
public final class JobFrame<L extends JobLock> {

  /** What a job's name may be: lower-case words joined by hyphens, at most 63 characters. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** The message of a SKIPPED result. */
  public static final String SKIPPED_MESSAGE = "another run holds the lock";

  private static final Logger LOG = LoggerFactory.getLogger(JobFrame.class);
  private static final int MAX_NAME = 63;

  private final JobRuns<L> runs;
  private final Clock clock;

  private JobFrame(JobRuns<L> runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  /**
   * @param runs  where locks are taken and runs recorded
   * @param clock the clock that stamps each run's start
   * @param <L>   the lock the runs hand out
   * @return the frame
   * @throws InvalidRequestException naming {@code runs} or {@code clock} when null
   */
  public static <L extends JobLock> JobFrame<L> over(JobRuns<L> runs, Clock clock) {
    return new JobFrame<>(Checks.notNull(runs, "runs"), Checks.notNull(clock, "clock"));
  }

  /** @return the runs the frame locks and records through */
  public JobRuns<L> runs() {
    return runs;
  }

  /** @return the clock that stamps runs */
  public Clock clock() {
    return clock;
  }

  /**
   * A job made of a name and a body.
   *
   * @param name the job's name: its lock, its records, its results ({@link #NAME})
   * @param body the work
   * @return the job
   * @throws InvalidRequestException naming {@code name} or {@code body} when not acceptable
   */
  public LedgerJob job(String name, JobBody<? super L> body) {
    checkName(name);
    Checks.notNull(body, "body");
    return new Framed<>(name, this, body);
  }

  /**
   * Checks a job's name.
   *
   * @param name the name
   * @return the name
   * @throws InvalidRequestException naming {@code name} when it does not match {@link #NAME}
   */
  public static String checkName(String name) {
    Checks.notNull(name, "name");
    if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException("name", name,
          "must be lower-case words joined by hyphens, at most " + MAX_NAME + " characters");
    }
    return name;
  }

  /**
   * Runs a body once under the job's lock.
   *
   * @param name the job's name, checked
   * @param body the work
   * @return the run's result, recorded
   */
  JobResult run(String name, JobBody<? super L> body) {
    Instant startedAt = clock.instant();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    JobResult result;
    try {
      Optional<L> lock = runs.tryLock(name);
      if (lock.isEmpty()) {
        result = new JobResult(name, JobStatus.SKIPPED, startedAt, since(t0), Map.of(), SKIPPED_MESSAGE);
      } else {
        try (L held = lock.get()) {
          String message = body.run(held, counts);
          result = new JobResult(name, JobStatus.SUCCEEDED, startedAt, since(t0), counts,
              message == null ? "" : message);
        } catch (RuntimeException e) {
          LOG.debug("job {} failed", name, e);
          result = new JobResult(name, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
        }
      }
    } catch (RuntimeException e) {
      // Taking the lock failed: nothing ran.
      LOG.debug("job {} could not take its lock", name, e);
      result = new JobResult(name, JobStatus.FAILED, startedAt, since(t0), counts, describe(e));
    }
    try {
      runs.record(result);
    } catch (RuntimeException e) {
      LOG.warn("job {} could not record its run: {}", name, describe(e));
    }
    if (result.status() == JobStatus.FAILED) {
      LOG.warn("job {} failed: {}", name, result.message());
    } else {
      LOG.debug("{}", result);
    }
    return result;
  }

  private String describe(RuntimeException e) {
    try {
      return runs.describe(e);
    } catch (RuntimeException ignored) {
      // A describe that breaks must not turn a FAILED result into an exception.
      return e.getClass().getSimpleName();
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** A job of the frame: its name and body. */
  private static final class Framed<L extends JobLock> implements LedgerJob {
    private final String name;
    private final JobFrame<L> frame;
    private final JobBody<? super L> body;

    Framed(String name, JobFrame<L> frame, JobBody<? super L> body) {
      this.name = name;
      this.frame = frame;
      this.body = body;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public JobResult run() {
      return frame.run(name, body);
    }

    @Override
    public String toString() {
      return "LedgerJob[" + name + "]";
    }
  }
}
