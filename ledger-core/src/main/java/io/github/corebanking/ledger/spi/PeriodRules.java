package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PeriodClosure;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of closing and reopening periods, for stores: each store keeps its closures and
 * applies these under the lock that its postings hold while they plan and write, so that a close
 * never overtakes a posting in flight and no posting slips into a period after its close returned.
 *
 * <p>Closures form a stack. A new closure closes through a date after the one standing; only the
 * latest standing closure may be reopened, and a reopened closure stays on record with who reopened
 * it and why.
 */
public final class PeriodRules {

  private PeriodRules() {}

  /**
   * What a reopening leaves.
   *
   * @param closures every closure, oldest first, the reopened one in its place
   * @param reopened the closure as reopened
   */
  public record Reopening(List<PeriodClosure> closures, PeriodClosure reopened) {}

  /**
   * @param closures every closure, oldest first
   * @return the date the books are closed through: the latest standing closure's, or empty
   */
  public static Optional<LocalDate> closedThrough(List<PeriodClosure> closures) {
    for (int i = closures.size() - 1; i >= 0; i--) {
      if (closures.get(i).standing()) {
        return Optional.of(closures.get(i).through());
      }
    }
    return Optional.empty();
  }

  /**
   * Checks and builds a new closure.
   *
   * @param closures every closure so far, oldest first
   * @param through  the last value date to close
   * @param at       the instant of closing
   * @param metadata what to record with it
   * @return the closure to append
   * @throws InvalidRequestException when {@code through} is not after the date already closed through
   */
  public static PeriodClosure close(List<PeriodClosure> closures, LocalDate through, Instant at,
      Map<String, String> metadata) {
    Optional<LocalDate> closed = closedThrough(closures);
    if (closed.isPresent() && !through.isAfter(closed.get())) {
      throw new InvalidRequestException("through", through,
          "is not after the date the ledger is already closed through (" + closed.get() + ")");
    }
    return new PeriodClosure(through, at, metadata, null, Map.of());
  }

  /**
   * Checks a reopening and returns the closures with it applied.
   *
   * @param closures every closure so far, oldest first
   * @param through  the date of the closure to reopen
   * @param at       the instant of reopening
   * @param metadata who reopens it and why
   * @return every closure with the reopened one in its place, and the reopened one
   * @throws InvalidRequestException when {@code through} is not the latest standing closure's date
   */
  public static Reopening reopen(List<PeriodClosure> closures, LocalDate through, Instant at,
      Map<String, String> metadata) {
    for (int i = closures.size() - 1; i >= 0; i--) {
      PeriodClosure c = closures.get(i);
      if (c.standing()) {
        if (!c.through().equals(through)) {
          throw new InvalidRequestException("through", through,
              "is not the latest closure: only the period closed through " + c.through() + " may be reopened");
        }
        List<PeriodClosure> out = new ArrayList<>(closures);
        PeriodClosure reopened = c.reopened(at, metadata);
        out.set(i, reopened);
        return new Reopening(List.copyOf(out), reopened);
      }
    }
    throw new InvalidRequestException("through", through, "is not closed: no period is closed");
  }
}
