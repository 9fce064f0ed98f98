package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Side;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One account's entries in booking order (account version, then ordinal), with running sums of the
 * posted entries so that an as-of balance is a binary search instead of a scan. Not thread-safe:
 * the store guards each log with its account's lock.
 */
final class AccountLog {

  private static final int INITIAL = 8;

  private Entry[] entries = new Entry[INITIAL];
  /** Posted debits of entries {@code 0..i}, in minor units. */
  private long[] postedDebits = new long[INITIAL];
  /** Posted credits of entries {@code 0..i}. */
  private long[] postedCredits = new long[INITIAL];
  /** Account version of the last posted entry among {@code 0..i}; 0 when there is none. */
  private long[] lastPostedVersion = new long[INITIAL];
  private int size;
  /**
   * Whether booking instants never go backwards in this log. A clock set back by a test breaks
   * that; then as-of reads and statements fall back to a scan, which stays correct.
   */
  private boolean chronological = true;
  private @Nullable Instant lastPostedAt;

  /** @return the number of entries */
  int size() {
    return size;
  }

  /**
   * @param index position, from 0
   * @return the entry there
   */
  Entry get(int index) {
    return entries[index];
  }

  /**
   * Appends an entry; its (version, ordinal) must follow the last one.
   *
   * @param e the entry
   */
  void append(Entry e) {
    if (size == entries.length) {
      int capacity = size * 2;
      entries = Arrays.copyOf(entries, capacity);
      postedDebits = Arrays.copyOf(postedDebits, capacity);
      postedCredits = Arrays.copyOf(postedCredits, capacity);
      lastPostedVersion = Arrays.copyOf(lastPostedVersion, capacity);
    }
    long debits = size == 0 ? 0 : postedDebits[size - 1];
    long credits = size == 0 ? 0 : postedCredits[size - 1];
    long version = size == 0 ? 0 : lastPostedVersion[size - 1];
    if (!e.pending()) {
      long amount = e.amount().minorUnits();
      if (e.side() == Side.DEBIT) {
        debits += amount;
      } else {
        credits += amount;
      }
      version = e.accountVersion();
    }
    if (lastPostedAt != null && e.postedAt().isBefore(lastPostedAt)) {
      chronological = false;
    }
    lastPostedAt = e.postedAt();
    entries[size] = e;
    postedDebits[size] = debits;
    postedCredits[size] = credits;
    lastPostedVersion[size] = version;
    size++;
  }

  /**
   * Sums the posted entries booked at or before an instant.
   *
   * @param asOf the instant
   * @return {posted debits, posted credits, version of the last posted entry counted}
   */
  long[] postedAsOf(Instant asOf) {
    if (chronological) {
      int last = lastAtOrBefore(asOf);
      if (last < 0) {
        return new long[3];
      }
      return new long[] {postedDebits[last], postedCredits[last], lastPostedVersion[last]};
    }
    long debits = 0;
    long credits = 0;
    long version = 0;
    for (int i = 0; i < size; i++) {
      Entry e = entries[i];
      if (!e.pending() && !e.postedAt().isAfter(asOf)) {
        if (e.side() == Side.DEBIT) {
          debits += e.amount().minorUnits();
        } else {
          credits += e.amount().minorUnits();
        }
        version = e.accountVersion();
      }
    }
    return new long[] {debits, credits, version};
  }

  /** @return the index of the last entry booked at or before {@code asOf}, or -1 (chronological logs only) */
  private int lastAtOrBefore(Instant asOf) {
    int lo = 0;
    int hi = size - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (entries[mid].postedAt().isAfter(asOf)) {
        hi = mid - 1;
      } else {
        found = mid;
        lo = mid + 1;
      }
    }
    return found;
  }

  /**
   * The first position whose entry sorts after a (version, ordinal) key.
   *
   * @param version account version of the key
   * @param ordinal ordinal of the key
   * @return the position, {@code size()} when none sorts after
   */
  int firstAfter(long version, int ordinal) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Entry e = entries[mid];
      int cmp = e.accountVersion() != version ? Long.compare(e.accountVersion(), version)
          : Integer.compare(e.ordinal(), ordinal);
      if (cmp <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The first position that may hold an entry booked at or after {@code from}.
   *
   * @param from the instant
   * @return the position (0 when the log is not chronological)
   */
  int firstAtOrAfter(Instant from) {
    if (!chronological) {
      return 0;
    }
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (entries[mid].postedAt().isBefore(from)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** @return whether booking instants never go backwards, so a scan may stop at the range's end */
  boolean chronological() {
    return chronological;
  }

  /**
   * Visits every entry in order.
   *
   * @param action what to do with each
   */
  void forEach(Consumer<Entry> action) {
    for (int i = 0; i < size; i++) {
      action.accept(entries[i]);
    }
  }
}
