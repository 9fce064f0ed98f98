package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Limits;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Random;

/**
 * Generators of hostile input for a ledger: text with control, format and line-separator
 * characters, NUL, unpaired surrogates, non-ASCII digits and lengths at and past the limits;
 * amounts outside the decimal grammar (exponents, signs, spaces, other digits, huge digit counts);
 * dates and instants at and past the supported range. Each draws from a {@link Random}, so a seed
 * repeats a run; valid values are mixed in, so a generator also exercises acceptance.
 *
 * <p>With jqwik: {@code Arbitraries.randomValue(HostileInputs::text)}. With {@link HostileInputProbe},
 * each value is thrown at the public {@code Ledger} API and the verdict checked.
 */
public final class HostileInputs {

  private static final String[] CONTROLS = {"\u0000", "\t", "\n", "\r", "\u0007", "\u001b", "\u001b[31m",
      "\u007f", "\u0085", "\u009b", "\u001f"};
  private static final String[] FORMATS = {"\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad",
      "\u2028", "\u2029"};
  private static final String[] SURROGATES = {"\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800"};
  private static final String[] UNICODE = {"é", "e\u0301", "日本", "مصرف", "\u0661\u0662", "\uff11", "\ud83d\udcb6",
      "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\u00a0", "\u3000", "\uffff", "\ufffe", "\ue000", "ß", "İ", "Ω"};
  private static final String SAFE = "ABCXYZabcxyz0123456789._:/-";
  private static final String PUNCT = " !\"#$%&'()*+,;<=>?@[\\]^`{|}~";

  private static final String[] AMOUNTS_HOSTILE = {"1e3", "1E+3", "-1e-2", " 10.00", "10.00 ", "+1", ".5", "1.", "-",
      "", "1,00", "1_000", "0x10", "\u0661\u0660", "\uff11", "1e100000000", "1e999999999", "-1e-999999999", "NaN",
      "Infinity", "1\u00002", "1\n", "--1", "1.2.3", "\u20131", "１２"};
  private static final LocalDate[] DATES = {LocalDate.MIN, LocalDate.MAX, LocalDate.EPOCH, Limits.MIN_DATE,
      Limits.MAX_DATE, Limits.MIN_DATE.minusDays(1), Limits.MAX_DATE.plusDays(1), LocalDate.of(2026, 1, 15),
      LocalDate.of(1582, 10, 10), LocalDate.of(-4713, 11, 24), LocalDate.of(5874897, 12, 31)};
  private static final Instant[] INSTANTS = {Instant.MIN, Instant.MAX, Instant.EPOCH, Limits.MIN_INSTANT,
      Limits.MAX_INSTANT, Limits.MIN_INSTANT.plus(1, ChronoUnit.MICROS), Limits.MAX_INSTANT.minus(1, ChronoUnit.MICROS),
      Limits.MIN_INSTANT.minus(1, ChronoUnit.MICROS), Limits.MAX_INSTANT.plus(1, ChronoUnit.MICROS),
      Instant.parse("-4713-11-24T00:00:00Z"), Instant.parse("+294276-12-31T23:59:59.999999Z")};

  private HostileInputs() {}

  /**
   * Text of up to about 600 characters, mostly hostile: any mix of letters, punctuation, controls,
   * format characters, surrogates (paired and not) and other Unicode, sometimes exactly at or one
   * past a length limit, sometimes blank.
   *
   * @param random the source
   * @return the text
   */
  public static String text(Random random) {
    int shape = random.nextInt(10);
    if (shape == 0) {
      int[] lengths = {Limits.MAX_CODE_LENGTH, Limits.MAX_KEY_LENGTH, Limits.MAX_METADATA_KEY_LENGTH,
          Limits.MAX_TEXT_LENGTH};
      int limit = lengths[random.nextInt(lengths.length)] + random.nextInt(2);
      return fill(random, limit, true);
    }
    if (shape == 1) {
      return new String[] {"", " ", "\t", "\u00a0", "\u3000", "  \n "}[random.nextInt(6)];
    }
    return fill(random, 1 + random.nextInt(shape == 2 ? 200 : 24), false);
  }

  private static String fill(Random random, int length, boolean plain) {
    StringBuilder b = new StringBuilder(length + 8);
    while (b.length() < length) {
      int kind = plain ? 0 : random.nextInt(12);
      switch (kind) {
        case 0, 1, 2, 3, 4 -> b.append(SAFE.charAt(random.nextInt(SAFE.length())));
        case 5 -> b.append(PUNCT.charAt(random.nextInt(PUNCT.length())));
        case 6 -> b.append(CONTROLS[random.nextInt(CONTROLS.length)]);
        case 7 -> b.append(FORMATS[random.nextInt(FORMATS.length)]);
        case 8 -> b.append(SURROGATES[random.nextInt(SURROGATES.length)]);
        case 9, 10 -> b.append(UNICODE[random.nextInt(UNICODE.length)]);
        default -> b.append((char) random.nextInt(0x10000));
      }
    }
    if (plain && b.length() > length) {
      b.setLength(length);
    }
    return b.toString();
  }

  /**
   * Text meant as a decimal amount: valid ones (signed, with up to four fractional digits, with
   * leading zeros) and hostile ones (exponents, spaces, signs, other digits, huge digit counts).
   *
   * @param random the source
   * @return the text
   */
  public static String amount(Random random) {
    int shape = random.nextInt(6);
    if (shape == 0) {
      return AMOUNTS_HOSTILE[random.nextInt(AMOUNTS_HOSTILE.length)];
    }
    if (shape == 1) {
      return "9".repeat(15 + random.nextInt(60)) + (random.nextBoolean() ? "" : ".5");
    }
    if (shape == 2) {
      return text(random);
    }
    StringBuilder b = new StringBuilder();
    if (random.nextInt(4) == 0) {
      b.append('-');
    }
    if (random.nextInt(5) == 0) {
      b.append("000");
    }
    b.append(random.nextInt(100_000));
    int decimals = random.nextInt(5);
    if (decimals > 0) {
      b.append('.');
      for (int i = 0; i < decimals; i++) {
        b.append((char) ('0' + random.nextInt(10)));
      }
    }
    return b.toString();
  }

  /**
   * A value date: the extremes of {@link LocalDate}, the edges of {@link Limits#MIN_DATE} and
   * {@link Limits#MAX_DATE}, and random days over a wide span.
   *
   * @param random the source
   * @return the date
   */
  public static LocalDate date(Random random) {
    if (random.nextBoolean()) {
      return DATES[random.nextInt(DATES.length)];
    }
    long span = random.nextBoolean() ? 5_000_000L : 400_000L;
    return LocalDate.ofEpochDay(random.nextLong() % span);
  }

  /**
   * An instant at microsecond precision (what every store keeps): the extremes of {@link Instant},
   * the edges of {@link Limits#MIN_INSTANT} and {@link Limits#MAX_INSTANT}, and random instants
   * over a wide span.
   *
   * @param random the source
   * @return the instant
   */
  public static Instant instant(Random random) {
    if (random.nextBoolean()) {
      return INSTANTS[random.nextInt(INSTANTS.length)];
    }
    long span = random.nextBoolean() ? 400_000_000_000L : 4_000_000_000L;
    return Instant.ofEpochSecond(random.nextLong() % span, random.nextInt(1_000_000) * 1_000L);
  }
}
