package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The state (definition and balance counters) each account had when this store last read it under
 * a row lock or committed a change to it, for at most {@code capacity} accounts, least recently
 * used dropped first. A writer plans a batch from these states without reading the rows, and the
 * database checks every row against the state it was planned on before the batch can commit
 * ({@code account_changed}), so an entry made stale by another process costs one retry and never
 * a wrong balance. Newer versions win: a late update never replaces a newer state.
 *
 * <p>Batches of one process that share an account run one after another ({@link #enter}), so
 * concurrent writers of one process do not make each other stale. Misses that turn out stale are
 * counted; while more than a quarter of the recent checked
 * batches were stale (several processes writing the same accounts), planning from states pauses
 * for a while, so a busy shared ledger does not pay a wasted round trip per batch. Thread-safe.
 * Not supported for use outside the library.
 */
public final class AccountStates {

  /** Checked batches looked at before judging the stale rate. */
  static final int WINDOW = 256;
  /** Batches planned from locked rows before planning from states is tried again. */
  static final int PAUSE = 1024;

  /**
   * An account as last seen.
   *
   * @param account       its definition
   * @param balance       its counters and version
   * @param lastEntryHash the hash of its latest entry at that version (its hash chain's head), or
   *                      null when it has none with a hash
   */
  public record State(Account account, Balance balance, @Nullable String lastEntryHash) {}

  /** How long a batch waits for a batch in flight on the same accounts to finish. */
  static final long WAIT_NANOS = 500_000_000;

  private final int capacity;
  private final LinkedHashMap<AccountId, State> states;
  /** For each account some batch in flight (written, not yet committed) touches: that batch. */
  private final Map<AccountId, Object> inFlight = new java.util.HashMap<>();
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong fromRows = new AtomicLong();
  private int windowChecked;
  private int windowStale;
  private int pausedFor;

  /**
   * @param capacity most accounts kept; 0 turns planning from states off
   */
  public AccountStates(int capacity) {
    this.capacity = capacity;
    this.states = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<AccountId, State> eldest) {
        return size() > AccountStates.this.capacity;
      }
    };
  }

  /**
   * The states of all given accounts, when every one is known and planning from states is on.
   *
   * @param ids the accounts a batch touches
   * @return their states, or null when any is unknown or planning from states is paused
   */
  public synchronized @Nullable Map<AccountId, State> all(Collection<AccountId> ids) {
    if (capacity == 0) {
      return null;
    }
    if (pausedFor > 0) {
      pausedFor--;
      return null;
    }
    Map<AccountId, State> result = new LinkedHashMap<>();
    for (AccountId id : ids) {
      State s = states.get(id);
      if (s == null) {
        return null;
      }
      result.put(id, s);
    }
    return result;
  }

  /**
   * Waits until no other batch of this process is in flight on any of the accounts (at most
   * {@value #WAIT_NANOS} ns), then marks them as this batch's until {@link #exit}. Batches of one
   * process on the same accounts thus run one after another, each planned on what the previous
   * one committed, instead of queueing on row locks in the database with plans gone stale. Holds
   * no database resource while waiting. After the wait times out the batch goes ahead unmarked
   * (the database still serializes it correctly).
   *
   * @param batch the batch, as an identity token
   * @param ids   the accounts it touches
   */
  public synchronized void enter(Object batch, Collection<AccountId> ids) {
    if (capacity == 0) {
      return;
    }
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (anyInFlight(ids)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (AccountId id : ids) {
      inFlight.put(id, batch);
    }
  }

  /**
   * @param id an account
   * @param batch a batch given to {@link #enter}
   * @return whether that batch holds the account in flight (a batch that gave up waiting holds none)
   */
  synchronized boolean holds(AccountId id, Object batch) {
    return inFlight.get(id) == batch;
  }

  /**
   * The batch is done (committed or not): its accounts are no longer in flight; wakes the batches
   * waiting for them.
   *
   * @param batch the batch given to {@link #enter}
   * @param ids   the same accounts
   */
  public synchronized void exit(Object batch, Collection<AccountId> ids) {
    boolean released = false;
    for (AccountId id : ids) {
      if (inFlight.get(id) == batch) {
        inFlight.remove(id);
        released = true;
      }
    }
    if (released) {
      notifyAll();
    }
  }

  private boolean anyInFlight(Collection<AccountId> ids) {
    if (inFlight.isEmpty()) {
      return false;
    }
    for (AccountId id : ids) {
      if (inFlight.containsKey(id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records states read under a row lock or just committed; an older version never replaces a
   * newer one.
   *
   * @param seen the states
   */
  public synchronized void put(Collection<State> seen) {
    if (capacity == 0) {
      return;
    }
    for (State s : seen) {
      State old = states.get(s.account().id());
      if (old == null || old.balance().version() <= s.balance().version()) {
        states.put(s.account().id(), s);
      }
    }
  }

  /**
   * Drops accounts whose state is no longer known (a failed batch, a status change).
   *
   * @param ids the accounts
   */
  public synchronized void forget(Collection<AccountId> ids) {
    for (AccountId id : ids) {
      states.remove(id);
    }
  }

  /**
   * Counts a batch planned from states, and whether the database found it stale.
   *
   * @param wasStale whether a row had changed since
   */
  public synchronized void checkedBatch(boolean wasStale) {
    checked.incrementAndGet();
    windowChecked++;
    if (wasStale) {
      stale.incrementAndGet();
      windowStale++;
    }
    if (windowChecked >= WINDOW) {
      if (windowStale * 4 > windowChecked) {
        pausedFor = PAUSE;
      }
      windowChecked = 0;
      windowStale = 0;
    }
  }

  /** Counts a batch planned from rows read and locked in the database. */
  public void rowBatch() {
    fromRows.incrementAndGet();
  }

  /** @return batches planned from states (one round trip each when not stale) */
  public long checkedBatches() {
    return checked.get();
  }

  /** @return of those, batches the database found stale and that were planned again from rows */
  public long staleBatches() {
    return stale.get();
  }

  /** @return batches planned from rows read and locked in the database */
  public long rowBatches() {
    return fromRows.get();
  }

  /** @return accounts whose state is known */
  public synchronized int size() {
    return states.size();
  }
}
