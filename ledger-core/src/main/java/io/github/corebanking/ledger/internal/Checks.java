package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the model's constructors, with the sizes of {@link io.github.corebanking.ledger.Limits}.
 * Not supported for use outside the library.
 */
public final class Checks {

  /** Longest account code. */
  public static final int MAX_CODE = io.github.corebanking.ledger.Limits.MAX_CODE_LENGTH;
  /** Longest account name or transaction description. */
  public static final int MAX_TEXT = io.github.corebanking.ledger.Limits.MAX_TEXT_LENGTH;
  /** Longest idempotency key. */
  public static final int MAX_KEY = io.github.corebanking.ledger.Limits.MAX_KEY_LENGTH;
  /** Most metadata pairs. */
  public static final int MAX_METADATA = io.github.corebanking.ledger.Limits.MAX_METADATA_ENTRIES;
  /** Longest metadata key. */
  public static final int MAX_METADATA_KEY = io.github.corebanking.ledger.Limits.MAX_METADATA_KEY_LENGTH;
  /** Longest metadata value. */
  public static final int MAX_METADATA_VALUE = io.github.corebanking.ledger.Limits.MAX_METADATA_VALUE_LENGTH;

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.:-]+");

  private Checks() {}

  /**
   * Requires a non-null value.
   *
   * @param value the value
   * @param field its name
   * @param <T>   its type
   * @return the value
   */
  public static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    return value;
  }

  /**
   * Requires text that is not blank and at most {@code max} characters.
   *
   * @param value the text
   * @param field its name
   * @param max   the longest allowed
   * @return the text
   */
  public static String text(@Nullable String value, String field, int max) {
    if (value == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    if (value.isBlank()) {
      throw new InvalidRequestException(field, value, "must not be blank");
    }
    if (value.length() > max) {
      throw new InvalidRequestException(field, abbreviate(value), "is longer than " + max + " characters");
    }
    return value;
  }

  /**
   * Requires a chart-of-accounts code.
   *
   * @param code  the code
   * @param field its name
   * @return the code
   */
  public static String code(@Nullable String code, String field) {
    text(code, field, MAX_CODE);
    if (!CODE.matcher(code).matches()) {
      throw new InvalidRequestException(field, code,
          "must be letters, digits and . _ : / - starting with a letter or digit");
    }
    return code;
  }

  /**
   * Validates and freezes a metadata map, keeping its order.
   *
   * @param metadata the map (null means empty)
   * @param field    its name
   * @return an unmodifiable copy
   */
  public static Map<String, String> metadata(@Nullable Map<String, String> metadata, String field) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    if (metadata.size() > MAX_METADATA) {
      throw new InvalidRequestException(field, metadata.size() + " pairs", "has more than " + MAX_METADATA + " pairs");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty() || key.length() > MAX_METADATA_KEY || !METADATA_KEY.matcher(key).matches()) {
        throw new InvalidRequestException(field + " key", key,
            "must be 1 to " + MAX_METADATA_KEY + " letters, digits or _ . : -");
      }
      String value = e.getValue();
      if (value == null) {
        throw new InvalidRequestException(field + "[" + key + "]", null, "must not be null");
      }
      if (value.length() > MAX_METADATA_VALUE) {
        throw new InvalidRequestException(field + "[" + key + "]", abbreviate(value),
            "is longer than " + MAX_METADATA_VALUE + " characters");
      }
      copy.put(key, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Requires a key (old rules). */
  public static String key(@Nullable String value, String field) {
    return text(value, field, MAX_KEY);
  }

  /** Free text (old rules). */
  public static String freeText(@Nullable String value, String field, int max) {
    notNull(value, field);
    if (value.length() > max) {
      throw new InvalidRequestException(field, abbreviate(value), "is longer than " + max + " characters");
    }
    return value;
  }

  /** A date (old rules). */
  public static java.time.LocalDate date(java.time.@Nullable LocalDate value, String field) {
    return notNull(value, field);
  }

  /** An instant (old rules). */
  public static java.time.Instant instant(java.time.@Nullable Instant value, String field) {
    return notNull(value, field);
  }

  /** A bound (old rules). */
  public static java.time.Instant bound(java.time.@Nullable Instant value, String field) {
    return notNull(value, field);
  }

  /** Shown (old rules). */
  public static String shown(String value) {
    return abbreviate(value);
  }

  /**
   * Shortens a long value for an error message.
   *
   * @param value the text
   * @return at most 40 characters of it
   */
  public static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 37) + "...";
  }
}
