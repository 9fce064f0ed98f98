package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.StoreUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The connection was lost while a batch committed and the database could not be reached to find
 * out whether it did. Callers see a {@link StoreUnavailableException}; the group committer must
 * not re-apply such a batch posting by posting. Not supported for use outside the library.
 */
public final class OutcomeUnknownException extends StoreUnavailableException {

  private static final long serialVersionUID = 1L;

  /**
   * @param field  the field identifying the posting
   * @param value  its value
   * @param reason what happened
   * @param cause  the failure
   */
  public OutcomeUnknownException(String field, @Nullable Object value, String reason, Throwable cause) {
    super(field, value, reason, cause);
  }
}
