package io.github.corebanking.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The sizes every store must accept, and every ledger refuses beyond, the same on every store.
 * A store's columns and indexes are sized for these; a request past one is an
 * {@link InvalidRequestException} naming the field, before anything reaches the store.
 */
public final class Limits {

  private Limits() {}

  /** Longest account code, in characters. */
  public static final int MAX_CODE_LENGTH = 64;
  /** Longest account name or transaction description, in characters. */
  public static final int MAX_TEXT_LENGTH = 500;
  /** Longest idempotency key, in characters. */
  public static final int MAX_KEY_LENGTH = 128;
  /** Most metadata pairs on one account or transaction. */
  public static final int MAX_METADATA_ENTRIES = 64;
  /** Longest metadata key, in characters. */
  public static final int MAX_METADATA_KEY_LENGTH = 64;
  /** Longest metadata value, in characters. */
  public static final int MAX_METADATA_VALUE_LENGTH = 1024;
  /** Most requests in one {@link Ledger#postAll} batch. */
  public static final int MAX_BATCH = 10_000;
  /** Longest amount text {@link Money#of(String, CurrencyUnit)} parses, in characters. */
  public static final int MAX_AMOUNT_LENGTH = 64;

  /** Earliest value date ({@code effectiveDate}): 1 January of the year 1. */
  public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
  /** Latest value date ({@code effectiveDate}): 31 December 9999. */
  public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
  /**
   * The start of supported time, {@code 0001-01-01T00:00:00Z}: every hold expiry lies after it,
   * and a query bound before it (such as {@link Instant#MIN}) is read as it.
   */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  /**
   * The end of supported time, {@code 10000-01-01T00:00:00Z}: every hold expiry lies before it,
   * and a query bound after it (such as {@link Instant#MAX}) is read as it.
   */
  public static final Instant MAX_INSTANT = Instant.parse("+10000-01-01T00:00:00Z");
}
