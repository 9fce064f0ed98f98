package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;

/**
 * One posting of a history import ({@link Ledger#importHistory}): a request as it was booked in the
 * system the ledger replaces, with its original booking instant. Its value date is the request's
 * {@link PostingRequest#effectiveDate() effective date}, or the booking instant's date in the
 * ledger's zone when the request has none.
 *
 * @param request  what was booked; posted, never a hold (history is final)
 * @param bookedAt when it was booked in the old system: its booking instant in this ledger
 */
public record ImportedPosting(PostingRequest request, Instant bookedAt) {

  /** Checks that the request is posted and the instant one the ledger can store. */
  public ImportedPosting {
    Checks.notNull(request, "request");
    Checks.instant(bookedAt, "bookedAt");
    if (request.pending()) {
      throw new InvalidRequestException("request.pending", true,
          "must be false: an imported posting is booked posted, holds are not imported");
    }
  }
}
