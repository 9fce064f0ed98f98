package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.LedgerException;
import org.jspecify.annotations.Nullable;

/**
 * {@code pg_stat_statements} cannot be read: the extension is not installed in the database, or it
 * is installed but the server did not load its library. The message says which, and what to do.
 */
public class StatementStatisticsUnavailableException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * @param field  what was missing, such as {@code "pg_stat_statements"}
   * @param value  the database or setting concerned
   * @param reason what is wrong and how to fix it
   * @param cause  the server's error, if any
   */
  public StatementStatisticsUnavailableException(String field, @Nullable Object value, String reason,
      @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
