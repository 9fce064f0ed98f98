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

  /**
   * Checks that the instant is one every store keeps as it is: in the supported range and in whole
   * microseconds. (A held request is refused by {@link Ledger#importHistory}, naming its place.)
   */
  public ImportedPosting {
    Checks.notNull(request, "request");
    Checks.instant(bookedAt, "bookedAt");
    if (bookedAt.getNano() % 1_000 != 0) {
      throw new InvalidRequestException("bookedAt", bookedAt,
          "has a fraction of a microsecond; booking instants are kept to the microsecond");
    }
  }
}
