package io.github.corebanking.ledger;

import java.util.UUID;

/**
 * Identifies a transaction (a journal entry); generated as a time-ordered UUIDv7.
 *
 * @param value the UUID
 */
public record TransactionId(UUID value) implements Comparable<TransactionId> {

  /**
   * Checks the value.
   *
   * @throws InvalidRequestException when the value is null
   */
  public TransactionId {
    if (value == null) {
      throw new InvalidRequestException("transactionId", null, "must not be null");
    }
  }

  /**
   * Wraps a UUID.
   *
   * @param value the UUID
   * @return the id
   */
  public static TransactionId of(UUID value) {
    return new TransactionId(value);
  }

  /**
   * Parses the canonical text form of a UUID.
   *
   * @param text such as {@code "0190f4c2-..."}
   * @return the id
   * @throws InvalidRequestException when the text is not a UUID
   */
  public static TransactionId parse(String text) {
    if (text == null) {
      throw new InvalidRequestException("transactionId", null, "must not be null");
    }
    try {
      return new TransactionId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("transactionId", text, "is not a UUID");
    }
  }

  /** Orders as unsigned 128-bit numbers, the order PostgreSQL gives {@code uuid} values. */
  @Override
  public int compareTo(TransactionId other) {
    int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
