package io.github.corebanking.ledger;

import java.util.UUID;

/**
 * Identifies one entry line of a transaction; generated as a time-ordered UUIDv7.
 *
 * @param value the UUID
 */
public record EntryId(UUID value) implements Comparable<EntryId> {

  /**
   * Checks the value.
   *
   * @throws InvalidRequestException when the value is null
   */
  public EntryId {
    if (value == null) {
      throw new InvalidRequestException("entryId", null, "must not be null");
    }
  }

  /**
   * Wraps a UUID.
   *
   * @param value the UUID
   * @return the id
   */
  public static EntryId of(UUID value) {
    return new EntryId(value);
  }

  /**
   * Parses the canonical text form of a UUID.
   *
   * @param text such as {@code "0190f4c2-..."}
   * @return the id
   * @throws InvalidRequestException when the text is not a UUID
   */
  public static EntryId parse(String text) {
    if (text == null) {
      throw new InvalidRequestException("entryId", null, "must not be null");
    }
    try {
      return new EntryId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("entryId", text, "is not a UUID");
    }
  }

  /** Orders as unsigned 128-bit numbers, the order PostgreSQL gives {@code uuid} values. */
  @Override
  public int compareTo(EntryId other) {
    int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
