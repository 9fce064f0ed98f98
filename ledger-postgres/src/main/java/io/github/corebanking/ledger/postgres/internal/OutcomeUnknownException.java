package io.github.corebanking.ledger.postgres.internal;

import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.spi.StorePosting;
import org.jspecify.annotations.Nullable;

/**
 * The connection was lost while a batch committed and the database could not be asked, within the
 * store's outcome timeout, whether it did. Callers see a {@link StoreUnavailableException} naming
 * their own posting; the group committer must not re-apply such a batch posting by posting. Not
 * supported for use outside the library.
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

  /**
   * The exception for one posting of a batch whose outcome is unknown: it names that posting's
   * idempotency key (or, for a settlement, the hold it settles), never another caller's.
   *
   * @param posting the caller's posting
   * @param cause   the failure of the batch
   * @return the exception for its caller
   */
  public static OutcomeUnknownException of(StorePosting posting, Throwable cause) {
    boolean keyed = posting.idempotencyKey() != null;
    return new OutcomeUnknownException(keyed ? "idempotencyKey" : "transactionId",
        keyed ? posting.idempotencyKey() : posting.target(),
        "has an unknown outcome: the connection was lost while committing and the database could not be asked in "
            + "time; look the transaction up before retrying (a retry with the same key is safe: it replays)", cause);
  }
}
