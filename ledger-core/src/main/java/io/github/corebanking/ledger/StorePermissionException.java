package io.github.corebanking.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The store refused the operation because the credential in use lacks a privilege (PostgreSQL's
 * SQLSTATE 42501, or a failed authorization): a configuration error, not an outage. Nothing was
 * written, and retrying with the same credential gives the same answer; grant what
 * {@code PostgresLedgerSchema.runtimeGrants} lists, or use a role that has it.
 */
public class StorePermissionException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field  the offending field, or null
   * @param value  the offending value, or null
   * @param reason what was refused
   * @param cause  the underlying failure
   */
  public StorePermissionException(@Nullable String field, @Nullable Object value, String reason, @Nullable Throwable cause) {
    super(field, value, reason, cause);
  }
}
