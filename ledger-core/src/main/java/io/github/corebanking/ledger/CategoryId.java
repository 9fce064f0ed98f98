package io.github.corebanking.ledger;

import java.util.UUID;

/**
 * Identifies a category of the chart of accounts.
 *
 * @param value the UUID
 */
public record CategoryId(UUID value) implements Comparable<CategoryId> {

  /**
   * Checks the value.
   *
   * @throws InvalidRequestException when the value is null
   */
  public CategoryId {
    if (value == null) {
      throw new InvalidRequestException("categoryId", null, "must not be null");
    }
  }

  /**
   * Wraps a UUID.
   *
   * @param value the UUID
   * @return the id
   */
  public static CategoryId of(UUID value) {
    return new CategoryId(value);
  }

  /**
   * Parses the canonical text form of a UUID.
   *
   * @param text such as {@code "0190f4c2-..."}
   * @return the id
   * @throws InvalidRequestException when the text is not a UUID
   */
  public static CategoryId parse(String text) {
    if (text == null) {
      throw new InvalidRequestException("categoryId", null, "must not be null");
    }
    try {
      return new CategoryId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("categoryId", text, "is not a UUID");
    }
  }

  /** Orders as unsigned 128-bit numbers, the order PostgreSQL gives {@code uuid} values. */
  @Override
  public int compareTo(CategoryId other) {
    int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
