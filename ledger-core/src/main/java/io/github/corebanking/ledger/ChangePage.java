package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.List;

/**
 * A page of the change feed, read by {@link Ledger#changes(long, int)}.
 *
 * <pre>{@code
 * long position = loadMyPosition();            // 0 the first time
 * ChangePage page = ledger.changes(position, 500);
 * for (Change change : page.changes()) {
 *   publish(change);
 * }
 * saveMyPosition(page.next());                 // at least once: a crash before this republishes
 * }</pre>
 *
 * @param changes the changes, in position order
 * @param next    the position to read after next time: that of the last change, or the one read
 *                after when the page is empty
 */
public record ChangePage(List<Change> changes, long next) {

  /** Freezes the list and checks that {@code next} is the last position. */
  public ChangePage {
    changes = List.copyOf(Checks.notNull(changes, "changes"));
    if (next < 0) {
      throw new InvalidRequestException("next", next, "must not be negative");
    }
    if (!changes.isEmpty() && changes.get(changes.size() - 1).position() != next) {
      throw new InvalidRequestException("next", next, "must be the position of the page's last change");
    }
  }

  /** @return whether the page holds no change */
  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
