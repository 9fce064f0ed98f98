package io.github.corebanking.ledger.job;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.Checks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link JobRuns} for one process: a lock per job name and a list of the latest runs. The lock is
 * not reentrant (a second {@link #tryLock} finds it taken from any thread, the holder's own
 * included), and the list is bounded: past its capacity the oldest run is dropped, so a job
 * scheduled every minute for years keeps the memory of a few hours.
 *
 * <pre>{@code
 * InMemoryJobRuns runs = new InMemoryJobRuns();
 * LedgerJob job = JobFrame.over(runs, clock).job("nightly", (lock, counts) -> "done");
 * job.run();
 * runs.recentRuns("nightly", 10);   // the run just made
 * }</pre>
 *
 * <p>Thread-safe. Only for stores that live in one process: nodes sharing a database need the
 * store's own, which locks across them.
 */
public final class InMemoryJobRuns implements JobRuns<JobLock> {

  /** Runs kept when no capacity is given. */
  public static final int DEFAULT_CAPACITY = 1_000;

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<JobResult> recorded = new ArrayDeque<>();
  private final int capacity;

  /** Keeps the latest {@value #DEFAULT_CAPACITY} runs. */
  public InMemoryJobRuns() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * @param capacity how many runs, of all jobs together, are kept; 1 to 1,000,000
   * @throws InvalidRequestException naming {@code capacity} when out of range
   */
  public InMemoryJobRuns(int capacity) {
    if (capacity < 1 || capacity > 1_000_000) {
      throw new InvalidRequestException("capacity", capacity, "must be between 1 and 1000000");
    }
    this.capacity = capacity;
  }

  @Override
  public Optional<JobLock> tryLock(String job) {
    JobFrame.checkName(job);
    if (!held.add(job)) {
      return Optional.empty();
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return Optional.of(new JobLock() {
      @Override
      public String job() {
        return job;
      }

      @Override
      public void close() {
        if (open.compareAndSet(true, false)) {
          held.remove(job);
        }
      }
    });
  }

  @Override
  public void record(JobResult result) {
    Checks.notNull(result, "result");
    synchronized (recorded) {
      recorded.addLast(result);
      while (recorded.size() > capacity) {
        recorded.removeFirst();
      }
    }
  }

  @Override
  public List<JobResult> recentRuns(String job, int limit) {
    Checks.notNull(job, "job");
    if (limit < 1) {
      throw new InvalidRequestException("limit", limit, "must be at least 1");
    }
    List<JobResult> runs = new ArrayList<>();
    synchronized (recorded) {
      for (Iterator<JobResult> it = recorded.descendingIterator(); it.hasNext() && runs.size() < limit; ) {
        JobResult r = it.next();
        if (r.job().equals(job)) {
          runs.add(r);
        }
      }
    }
    return List.copyOf(runs);
  }

  /** @return how many runs are kept now, of every job; never more than the capacity */
  public int size() {
    synchronized (recorded) {
      return recorded.size();
    }
  }

  /** @return how many runs are kept at most */
  public int capacity() {
    return capacity;
  }
}
