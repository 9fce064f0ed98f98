package io.github.corebanking.ledger;

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
}
