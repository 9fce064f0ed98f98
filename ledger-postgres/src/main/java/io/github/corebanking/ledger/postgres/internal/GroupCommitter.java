package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.StorePosting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers of {@code apply} queue their posting and wait; a few writer threads each
 * take everything queued (up to a batch limit) and apply it in one database transaction, so one
 * commit (one WAL flush) serves many callers. A posting the planner rejects is left out of its
 * batch and its caller gets the rejection; if the batch as a whole fails in the database, its
 * postings are applied one by one so that each caller gets its own outcome. Callers return only
 * after their batch committed. Not supported for use outside the library.
 */
public final class GroupCommitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long POLL_MILLIS = 50;

  private final PostingEngine engine;
  private final String schema;
  private final ArrayBlockingQueue<Slot> queue;
  private final int capacity;
  private final int maxBatch;
  private final Duration closeTimeout;
  private final List<Thread> writers = new ArrayList<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong postings = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();
  private volatile boolean closed;

  private static final class Slot {
    final StorePosting posting;
    final CompletableFuture<AppliedPosting> done = new CompletableFuture<>();

    Slot(StorePosting posting) {
      this.posting = posting;
    }

    void complete(PostingEngine.Result r) {
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
   */
  public GroupCommitter(PostingEngine engine, String schema, int writers, int capacity, int maxBatch,
      Duration closeTimeout) {
    this.engine = engine;
    this.schema = schema;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.closeTimeout = closeTimeout;
    for (int i = 0; i < writers; i++) {
      Thread t = new Thread(this::run, "ledger-" + schema + "-writer-" + i);
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

  private void run() {
    List<Slot> batch = new ArrayList<>(maxBatch);
    while (true) {
      Slot first;
      try {
        first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
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
      process(batch);
    }
  }

  private void process(List<Slot> batch) {
    batches.incrementAndGet();
    postings.addAndGet(batch.size());
    List<StorePosting> list = new ArrayList<>(batch.size());
    for (Slot s : batch) {
      list.add(s.posting);
    }
    try {
      List<PostingEngine.Result> results = engine.apply(list, false);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).complete(results.get(i));
      }
    } catch (RuntimeException | Error e) {
      if (batch.size() == 1 || e instanceof OutcomeUnknownException) {
        // Re-applying a batch that may have committed would turn its postings into replays.
        for (Slot s : batch) {
          s.done.completeExceptionally(typed(e));
        }
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
