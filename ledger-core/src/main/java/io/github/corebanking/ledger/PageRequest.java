package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A keyset page request: up to {@code size} items after an opaque cursor from the previous page.
 *
 * @param cursor the previous page's {@link StatementPage#nextCursor() next cursor}, or null for the first page
 * @param size   items per page, 1 to {@value #MAX_SIZE}
 */
public record PageRequest(@Nullable String cursor, int size) {

  /** Largest page. */
  public static final int MAX_SIZE = 10_000;
  /** Longest cursor; every store's cursors are printable ASCII of at most this length. */
  public static final int MAX_CURSOR = 200;

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /** Checks the size and cursor. */
  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidRequestException("page.size", size, "must be between 1 and " + MAX_SIZE);
    }
    if (cursor != null && (cursor.isEmpty() || cursor.length() > MAX_CURSOR || !printableAscii(cursor))) {
      throw new InvalidRequestException("page.cursor", Checks.shown(cursor), "is not a cursor this ledger issued");
    }
  }

  /**
   * The first page.
   *
   * @param size items per page
   * @return the request
   */
  public static PageRequest first(int size) {
    return new PageRequest(null, size);
  }

  /**
   * The page after a cursor.
   *
   * @param cursor the previous page's next cursor
   * @param size   items per page
   * @return the request
   */
  public static PageRequest after(String cursor, int size) {
    if (cursor == null) {
      throw new InvalidRequestException("page.cursor", null, "must not be null");
    }
    return new PageRequest(cursor, size);
  }

  /** @return the cursor, if any */
  public Optional<String> cursorValue() {
    return Optional.ofNullable(cursor);
  }
}
