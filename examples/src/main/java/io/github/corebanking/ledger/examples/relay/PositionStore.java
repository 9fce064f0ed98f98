package io.github.corebanking.ledger.examples.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a relay keeps the position of the last change the broker confirmed, so that it resumes
 * after it when restarted.
 *
 * <p>One store instance holds the position of one relay. {@link ChangeFeedRelay} saves only after
 * the broker confirmed every message up to the position; a save that is lost (a crash just before
 * it) makes the next run publish those changes again, which consumers drop by message id.
 * Implementations: {@link PostgresPositionStore}, {@link FilePositionStore}, {@link #inMemory()}.
 */
public interface PositionStore {

  /**
   * Reads the stored position.
   *
   * @return the position of the last change handled, or 0 when none was stored yet
   */
  long load();

  /**
   * Stores a position; it is the one {@link #load()} answers from then on.
   *
   * @param position the position of the last change the broker confirmed, at least 0
   */
  void save(long position);

  /**
   * A position kept in this object only: lost with the process, for tests and throw-away relays.
   *
   * @return a store starting at 0
   */
  static PositionStore inMemory() {
    AtomicLong position = new AtomicLong();
    return new PositionStore() {
      @Override
      public long load() {
        return position.get();
      }

      @Override
      public void save(long next) {
        if (next < 0) {
          throw new IllegalArgumentException("position must not be negative: " + next);
        }
        position.set(next);
      }

      @Override
      public String toString() {
        return "in-memory position " + position.get();
      }
    };
  }
}
