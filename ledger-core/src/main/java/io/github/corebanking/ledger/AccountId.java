package io.github.corebanking.ledger;

import java.util.UUID;

/**
 * Identifies an account. Random or time-ordered UUIDs both work; the ledger generates time-ordered ones.
 *
 * @param value the UUID
 */
public record AccountId(UUID value) implements Comparable<AccountId> {

  /**
   * Checks the value.
   *
   * @throws InvalidRequestException when the value is null
   */
  public AccountId {
    if (value == null) {
      throw new InvalidRequestException("accountId", null, "must not be null");
    }
  }

  /**
   * Wraps a UUID.
   *
   * @param value the UUID
   * @return the id
   */
  public static AccountId of(UUID value) {
    return new AccountId(value);
  }

  /**
   * Parses the canonical text form of a UUID.
   *
   * @param text such as {@code "0190f4c2-..."}
   * @return the id
   * @throws InvalidRequestException when the text is not a UUID
   */
  public static AccountId parse(String text) {
    if (text == null) {
      throw new InvalidRequestException("accountId", null, "must not be null");
    }
    try {
      return new AccountId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("accountId", text, "is not a UUID");
    }
  }

  /** Orders as unsigned 128-bit numbers, the order PostgreSQL gives {@code uuid} values. */
  @Override
  public int compareTo(AccountId other) {
    int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
