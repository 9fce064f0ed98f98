package io.github.corebanking.ledger.micrometer;

import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.StoreUnavailableException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** How exceptions become tag values, kept to a small, bounded set. */
final class Outcomes {

  /** Tag value when there was no exception. */
  static final String NONE = "none";
  private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

  private Outcomes() {}

  /**
   * @param error what was thrown
   * @return {@code rejected} for a request the ledger refused, {@code contention} for a retryable
   *     concurrency failure, {@code failed} for anything else
   */
  static String outcome(Throwable error) {
    if (error instanceof ConcurrencyException) {
      return "contention";
    }
    if (error instanceof StoreUnavailableException || !(error instanceof LedgerException)) {
      return "failed";
    }
    return "rejected";
  }

  /**
   * @param error what was thrown
   * @return its simple class name, or the nearest named superclass for an anonymous one
   */
  static String exception(@Nullable Throwable error) {
    if (error == null) {
      return NONE;
    }
    Class<?> type = error.getClass();
    while (type.getSimpleName().isEmpty() && type.getSuperclass() != null) {
      type = type.getSuperclass();
    }
    return type.getSimpleName();
  }

  /**
   * The field a rejection names, with list indexes dropped so the tag stays bounded:
   * {@code entries[3].amount} becomes {@code entries[].amount}.
   *
   * @param error what was thrown
   * @return the field, or {@code none}
   */
  static String field(Throwable error) {
    if (error instanceof LedgerException le && le.field() != null) {
      String field = INDEX.matcher(le.field()).replaceAll("[]");
      return field.length() > 64 ? field.substring(0, 64) : field;
    }
    return NONE;
  }
}
