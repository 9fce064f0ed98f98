package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Instants on the command line: an ISO instant ({@code 2026-12-04T17:00:00Z}) or a day in the bank's zone. */
final class Instants {

  private Instants() {}

  /**
   * @param field     the option, for the message
   * @param text      an instant, an offset date-time, or a day ({@code 2026-12-04})
   * @param zone      the bank's zone, in which a day starts
   * @param endOfDay  whether a day means its end (the start of the next day) rather than its start
   * @return the instant
   * @throws InvalidRequestException naming {@code field} and the text when it is none of these
   */
  static Instant parse(String field, String text, ZoneId zone, boolean endOfDay) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notADateTime) {
      try {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
      } catch (DateTimeParseException notADay) {
        throw new InvalidRequestException(field, text,
            "must be an instant such as 2026-12-04T17:00:00Z or a day such as 2026-12-04");
      }
    }
  }
}
