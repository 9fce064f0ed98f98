package io.github.corebanking.ledger;

import java.time.Instant;

/**
 * A history import was refused because the ledger already holds live postings: imported history
 * is booked before anything live, so once a posting, commit, void or reversal has been booked
 * through the ledger's own clock, nothing more can be imported. Replays of postings already
 * imported are still answered. Not retryable.
 */
public class ImportClosedException extends LedgerException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field the refused posting's booking instant, such as {@code "postings[0].bookedAt"}
   * @param value its booking instant
   */
  public ImportClosedException(String field, Instant value) {
    super(field, value, "cannot be imported: the ledger already holds live postings, and history is imported "
        + "only before them");
  }
}
