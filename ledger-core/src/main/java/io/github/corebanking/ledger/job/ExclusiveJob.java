package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base for jobs that must run on one node at a time: the work runs under the store's lock named
 * after the job ({@link LedgerStore#runExclusively}); a concurrent run is SKIPPED; a failure is a
 * FAILED result, logged once, never an exception.
 */
public abstract class ExclusiveJob implements LedgerJob {

  private static final Logger LOG = LoggerFactory.getLogger(ExclusiveJob.class);

  private final String name;
  private final LedgerStore store;
  private final Clock clock;

  /**
   * @param name  the job's name (also its lock's name)
   * @param store the store that provides the lock
   * @param clock the clock for time stamps
   */
  protected ExclusiveJob(String name, LedgerStore store, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public final String name() {
    return name;
  }

  /** @return the store the job works on */
  protected final LedgerStore store() {
    return store;
  }

  /** @return the job's clock */
  protected final Clock clock() {
    return clock;
  }

  @Override
  public final JobResult run() {
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    Map<String, Long> counts = new LinkedHashMap<>();
    try {
      Optional<String> message = store.runExclusively("ledger-job:" + name, () -> execute(counts));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      if (message.isEmpty()) {
        return new JobResult(name, JobStatus.SKIPPED, start, took, Map.of(), "another run holds the lock");
      }
      return new JobResult(name, JobStatus.SUCCEEDED, start, took, counts, message.get());
    } catch (RuntimeException e) {
      LOG.warn("job {} failed", name, e);
      return new JobResult(name, JobStatus.FAILED, start, Duration.ofNanos(System.nanoTime() - t0), counts,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Does the work while holding the lock.
   *
   * @param counts where to record what was done
   * @return a one-line summary
   */
  protected abstract String execute(Map<String, Long> counts);
}
