package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.BatchPlan;
import io.github.corebanking.ledger.spi.StorePosting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers of {@code apply} queue their posting and wait; a writer thread takes
 * everything queued (up to a batch limit) and applies it in one database transaction, so one
 * commit (one WAL flush) serves many callers. A posting the planner rejects is left out of its
 * batch and its caller gets the rejection; if the batch as a whole fails in the database, its
 * postings are applied one by one so that each caller gets its own outcome. Callers return only
 * after their batch committed.
 *
 * <p>The first writer takes every batch while it keeps up. Writer {@code i > 0} is a standby: it
 * takes postings only while writers {@code 0..i-1} have all been inside one batch for longer than
 * the hand-off time (a batch waiting on a row lock held elsewhere, a slow commit). Two writers
 * taking turns would each flush smaller batches: on a disk where the flush is the bottleneck,
 * commits in parallel queue for it anyway, so one writer with larger batches posts more. Not
 * supported for use outside the library.
 */
public final class GroupCommitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long POLL_MILLIS = 50;
  private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final PostingEngine engine;
  private final String schema;
  private final ArrayBlockingQueue<Slot> queue;
  private final int capacity;
  private final int maxBatch;
  private final Duration closeTimeout;
  private final long handoffNanos;
  private final List<Thread> writers = new ArrayList<>();
  /** Per writer: {@link System#nanoTime()} when its current batch started, or 0 while idle. */
  private final AtomicLongArray busySince;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong standbyBatches = new AtomicLong();
  private final AtomicLong postings = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();
  private volatile boolean closed;

  private static final class Slot {
    final StorePosting posting;
    final CompletableFuture<AppliedPosting> done = new CompletableFuture<>();

    Slot(StorePosting posting) {
      this.posting = posting;
    }

    void complete(BatchPlan.Outcome r) {
      if (r.error() != null) {
        done.completeExceptionally(r.error());
      } else {
        done.complete(r.applied());
      }
    }
  }

  /**
   * Starts the writer threads.
   *
   * @param engine       applies batches
   * @param schema       the ledger's schema, for thread names and messages
   * @param writers      writer threads (each uses one connection while it writes)
   * @param capacity     most postings waiting
   * @param maxBatch     most postings per database transaction
   * @param closeTimeout how long {@link #close()} waits for queued postings
   * @param handoff      how long the writers ahead of a standby writer must all have been inside
   *                     one batch before it takes postings too
   */
  public GroupCommitter(PostingEngine engine, String schema, int writers, int capacity, int maxBatch,
      Duration closeTimeout, Duration handoff) {
    this.engine = engine;
    this.schema = schema;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.closeTimeout = closeTimeout;
    this.handoffNanos = handoff.toNanos();
    this.busySince = new AtomicLongArray(writers);
    for (int i = 0; i < writers; i++) {
      int index = i;
      Thread t = new Thread(() -> run(index), "ledger-" + schema + "-writer-" + i);
      t.setDaemon(true);
      this.writers.add(t);
      t.start();
    }
  }

  /**
   * Queues a posting and waits until its batch committed.
   *
   * @param posting the posting
   * @return its result
   * @throws LedgerException its rejection, or {@link StoreUnavailableException} when the queue is
   *                         full or the store closed
   */
  public AppliedPosting submit(StorePosting posting) {
    if (closed) {
      throw closedException();
    }
    Slot slot = new Slot(posting);
    if (!queue.offer(slot)) {
      throw new StoreUnavailableException("postingQueue", capacity + " postings",
          "is full: the database is not keeping up with the posting rate; nothing was written, retry later");
    }
    if (closed && queue.remove(slot)) {
      throw closedException();
    }
    return await(slot);
  }

  private StoreUnavailableException closedException() {
    return new StoreUnavailableException("store", schema, "is closed; nothing was written");
  }

  private static AppliedPosting await(Slot slot) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          // The posting may already be in a batch being committed: wait for the outcome even if
          // interrupted, so that the caller never mistakes a committed posting for a failed one.
          return slot.done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof LedgerException le) {
            throw le;
          }
          throw new StoreUnavailableException(null, null, "posting failed unexpectedly: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(int index) {
    List<Slot> batch = new ArrayList<>(maxBatch);
    while (true) {
      long pollNanos = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
      if (index > 0 && !closed) {
        long wait = standbyWait(index);
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
          continue;
        }
        // Taking over: poll only until the writers ahead may have caught up again.
        pollNanos = handoffNanos;
      }
      Slot first;
      try {
        first = queue.poll(pollNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (first == null) {
        if (closed) {
          return;
        }
        continue;
      }
      batch.clear();
      batch.add(first);
      queue.drainTo(batch, maxBatch - 1);
      long start = System.nanoTime();
      busySince.set(index, start == 0 ? 1 : start);
      try {
        if (index > 0) {
          standbyBatches.incrementAndGet();
        }
        process(batch);
      } finally {
        busySince.set(index, 0);
      }
    }
  }

  /**
   * @return 0 when standby writer {@code index} may take postings now (every writer ahead of it
   *         has been inside one batch for the hand-off time), else how long to wait before asking
   *         again
   */
  private long standbyWait(int index) {
    long now = System.nanoTime();
    long wait = 0;
    for (int i = 0; i < index; i++) {
      long since = busySince.get(i);
      // An idle writer ahead takes what comes next itself; look again well after it could start.
      long left = since == 0 ? Math.max(handoffNanos, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS))
          : handoffNanos - (now - since);
      wait = Math.max(wait, left);
    }
    return wait <= 0 ? 0 : Math.max(wait, MIN_PARK_NANOS);
  }

  private void process(List<Slot> batch) {
    batches.incrementAndGet();
    postings.addAndGet(batch.size());
    List<StorePosting> list = new ArrayList<>(batch.size());
    for (Slot s : batch) {
      list.add(s.posting);
    }
    try {
      List<BatchPlan.Outcome> results = engine.apply(list, false);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).complete(results.get(i));
      }
    } catch (RuntimeException | Error e) {
      if (e instanceof OutcomeUnknownException) {
        // Re-applying a batch that may have committed would turn its postings into replays. Each
        // caller is told about its own posting.
        for (Slot s : batch) {
          s.done.completeExceptionally(OutcomeUnknownException.of(s.posting, e.getCause() == null ? e : e.getCause()));
        }
        return;
      }
      if (batch.size() == 1) {
        batch.get(0).done.completeExceptionally(typed(e));
        return;
      }
      fallbacks.incrementAndGet();
      LOG.debug("batch of {} postings failed ({}); applying them one by one", batch.size(), e.toString());
      for (Slot s : batch) {
        try {
          s.complete(engine.apply(List.of(s.posting), false).get(0));
        } catch (RuntimeException | Error single) {
          s.done.completeExceptionally(typed(single));
        }
      }
    }
  }

  private static LedgerException typed(Throwable e) {
    if (e instanceof LedgerException le) {
      return le;
    }
    return new StoreUnavailableException(null, null, "posting failed unexpectedly: " + e, e);
  }

  /** @return batches committed (or attempted) so far */
  public long batches() {
    return batches.get();
  }

  /** @return batches taken by standby writers because the writers ahead were held up */
  public long standbyBatches() {
    return standbyBatches.get();
  }

  /** @return postings handled so far */
  public long postings() {
    return postings.get();
  }

  /** @return batches that failed as a whole and were applied one posting at a time */
  public long fallbacks() {
    return fallbacks.get();
  }

  /** @return postings waiting */
  public int queued() {
    return queue.size();
  }

  /**
   * Stops accepting postings, lets the writers finish what is queued, and fails whatever is left
   * after the close timeout.
   */
  @Override
  public void close() {
    closed = true;
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    for (Thread t : writers) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Thread t : writers) {
      if (t.isAlive()) {
        t.interrupt();
      }
    }
    List<Slot> left = new ArrayList<>();
    queue.drainTo(left);
    for (Slot s : left) {
      s.done.completeExceptionally(closedException());
    }
  }
}
