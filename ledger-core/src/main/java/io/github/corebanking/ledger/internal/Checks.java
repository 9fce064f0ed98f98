package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Limits;
import java.time.Instant;
import java.time.LocalDate;
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
   * Requires a chart-of-accounts code.
   *
   * @param code  the code
   * @param field its name
   * @return the code
   */
  public static String code(@Nullable String code, String field) {
    text(code, field, MAX_CODE);
    if (!CODE.matcher(code).matches()) {
      throw new InvalidRequestException(field, shown(code),
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
        throw new InvalidRequestException(field + " key", key == null ? null : shown(key),
            "must be 1 to " + MAX_METADATA_KEY + " letters, digits or _ . : -");
      }
      String value = e.getValue();
      if (value == null) {
        throw new InvalidRequestException(field + "[" + key + "]", null, "must not be null");
      }
      if (value.length() > MAX_METADATA_VALUE) {
        throw new InvalidRequestException(field + "[" + key + "]", shown(value),
            "is longer than " + MAX_METADATA_VALUE + " characters");
      }
      freeText(value, field + "[" + key + "]", MAX_METADATA_VALUE);
      copy.put(key, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Requires an idempotency key: not blank, at most {@link #MAX_KEY} characters, and free of
   * control characters (Unicode Cc: NUL, line breaks, tab, ESC, DEL, C1), format characters (Cf:
   * zero-width and bidirectional marks, which make two keys look alike), line and paragraph
   * separators and unpaired surrogates. Keys are compared as given: no Unicode normalization.
   *
   * @param value the key
   * @param field its name
   * @return the key
   */
  public static String key(@Nullable String value, String field) {
    text(value, field, MAX_KEY);
    int bad = firstOf(value, KEY_FORBIDDEN);
    if (bad >= 0) {
      throw new InvalidRequestException(field, shown(value),
          "must not contain control, format or line-separator characters nor unpaired surrogates (found "
              + codePoint(value, bad) + " at index " + bad + ")");
    }
    return value;
  }

  /**
   * Requires one line of text (an account's name, a loan's borrower): not blank, at most
   * {@code max} characters, without control characters, line or paragraph separators or unpaired
   * surrogates. Format characters (such as the joiners of emoji and the marks of right-to-left
   * scripts) are allowed.
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
      throw new InvalidRequestException(field, shown(value), "must not be blank");
    }
    if (value.length() > max) {
      throw new InvalidRequestException(field, shown(value), "is longer than " + max + " characters");
    }
    int bad = firstOf(value, LINE_FORBIDDEN);
    if (bad >= 0) {
      throw new InvalidRequestException(field, shown(value),
          "must not contain control or line-separator characters nor unpaired surrogates (found "
              + codePoint(value, bad) + " at index " + bad + ")");
    }
    return value;
  }

  /**
   * Requires free text (a description, a metadata value): possibly empty, at most {@code max}
   * characters, without NUL or any other control character but tab, line feed and carriage return,
   * and without unpaired surrogates.
   *
   * @param value the text
   * @param field its name
   * @param max   the longest allowed
   * @return the text
   */
  public static String freeText(@Nullable String value, String field, int max) {
    notNull(value, field);
    if (value.length() > max) {
      throw new InvalidRequestException(field, shown(value), "is longer than " + max + " characters");
    }
    int bad = firstOf(value, FREE_FORBIDDEN);
    if (bad >= 0) {
      throw new InvalidRequestException(field, shown(value),
          "must not contain control characters other than tab and line breaks nor unpaired surrogates (found "
              + codePoint(value, bad) + " at index " + bad + ")");
    }
    return value;
  }

  /**
   * Requires a value date within {@link Limits#MIN_DATE} and {@link Limits#MAX_DATE}.
   *
   * @param value the date
   * @param field its name
   * @return the date
   */
  public static LocalDate date(@Nullable LocalDate value, String field) {
    notNull(value, field);
    if (value.isBefore(Limits.MIN_DATE) || value.isAfter(Limits.MAX_DATE)) {
      throw new InvalidRequestException(field, value,
          "is outside the supported range " + Limits.MIN_DATE + " to " + Limits.MAX_DATE);
    }
    return value;
  }

  /**
   * A value-date query bound: any date, clamped into {@link Limits#MIN_DATE} .. {@link Limits#MAX_DATE}.
   * Nothing is dated outside that range, so the answer is the same as for the date itself.
   *
   * @param value the date
   * @param field its name
   * @return the date, clamped
   */
  public static LocalDate dateBound(@Nullable LocalDate value, String field) {
    notNull(value, field);
    if (value.isBefore(Limits.MIN_DATE)) {
      return Limits.MIN_DATE;
    }
    return value.isAfter(Limits.MAX_DATE) ? Limits.MAX_DATE : value;
  }

  /**
   * Requires an instant a ledger stores (a hold's expiry): strictly after {@link Limits#MIN_INSTANT}
   * and strictly before {@link Limits#MAX_INSTANT}.
   *
   * @param value the instant
   * @param field its name
   * @return the instant
   */
  public static Instant instant(@Nullable Instant value, String field) {
    notNull(value, field);
    if (!value.isAfter(Limits.MIN_INSTANT) || !value.isBefore(Limits.MAX_INSTANT)) {
      throw new InvalidRequestException(field, value,
          "is outside the supported range, after " + Limits.MIN_INSTANT + " and before " + Limits.MAX_INSTANT);
    }
    return value;
  }

  /**
   * A query bound (an as-of instant, a statement's start or end): any instant, clamped into
   * {@link Limits#MIN_INSTANT} .. {@link Limits#MAX_INSTANT}. Nothing is stored outside that range,
   * so the answer is the same as for the instant itself; {@code Instant.MIN} to {@code Instant.MAX}
   * asks for everything.
   *
   * @param value the instant
   * @param field its name
   * @return the instant, clamped
   */
  public static Instant bound(@Nullable Instant value, String field) {
    notNull(value, field);
    if (value.isBefore(Limits.MIN_INSTANT)) {
      return Limits.MIN_INSTANT;
    }
    return value.isAfter(Limits.MAX_INSTANT) ? Limits.MAX_INSTANT : value;
  }

  /**
   * Checks a SHA-256 hash as it travels: null (none) or 64 lowercase hex digits.
   *
   * @param value the hash, or null
   * @param field the field, for the message
   * @return the value
   * @throws InvalidRequestException naming {@code field} when it is not 64 lowercase hex digits
   */
  public static @Nullable String sha256Hex(@Nullable String value, String field) {
    if (value == null) {
      return null;
    }
    boolean ok = value.length() == 64;
    for (int i = 0; ok && i < 64; i++) {
      char c = value.charAt(i);
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!ok) {
      throw new InvalidRequestException(field, value, "must be 64 lowercase hex digits (a SHA-256 hash)");
    }
    return value;
  }

  /**
   * A value as an error message shows it: at most 40 characters (a surrogate pair is never cut),
   * with every control, format, line-separator character and unpaired surrogate written as a
   * backslash, {@code u} and four hexadecimal digits, and a backslash doubled, so that a value
   * cannot break or recolour a log line.
   *
   * @param value the text
   * @return the shown text
   */
  public static String shown(String value) {
    String cut = value;
    if (value.length() > 40) {
      int end = 37;
      if (Character.isHighSurrogate(value.charAt(end - 1)) && Character.isLowSurrogate(value.charAt(end))) {
        end++;
      }
      cut = value.substring(0, end) + "...";
    }
    StringBuilder b = null;
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1));
      if (paired) {
        if (b != null) {
          b.append(c).append(cut.charAt(i + 1));
        }
        i++;
        continue;
      }
      boolean escape = c == '\\' || unsafe(c);
      if (escape && b == null) {
        b = new StringBuilder(cut.length() + 16).append(cut, 0, i);
      }
      if (b != null) {
        if (c == '\\') {
          b.append("\\\\");
        } else if (escape) {
          b.append(String.format("\\u%04X", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? cut : b.toString();
  }

  /**
   * Shortens a long value for an error message, and escapes it; the same as {@link #shown}.
   *
   * @param value the text
   * @return at most 40 characters of it, escaped
   */
  public static String abbreviate(String value) {
    return shown(value);
  }

  // ---- characters ----

  private static final int KEY_FORBIDDEN = 1;
  private static final int LINE_FORBIDDEN = 2;
  private static final int FREE_FORBIDDEN = 3;

  /** @return the index of the first character the kind of text forbids, or -1 */
  private static int firstOf(String value, int kind) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return i;
      }
      int type = Character.getType(c);
      boolean forbidden = switch (kind) {
        case KEY_FORBIDDEN -> type == Character.CONTROL || type == Character.FORMAT
            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        case LINE_FORBIDDEN -> type == Character.CONTROL || type == Character.LINE_SEPARATOR
            || type == Character.PARAGRAPH_SEPARATOR;
        default -> type == Character.CONTROL && c != '\t' && c != '\n' && c != '\r';
      };
      if (forbidden) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a lone UTF-16 unit must be escaped in a message. */
  private static boolean unsafe(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String codePoint(String value, int index) {
    return String.format("U+%04X", (int) value.charAt(index));
  }
}
