package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A unit of account: an ISO 4217 currency or a custom unit (points, grams of gold), with the
 * number of fractional digits its amounts carry.
 *
 * <pre>{@code
 * CurrencyUnit usd = CurrencyUnit.of("USD");      // scale 2, from ISO 4217
 * CurrencyUnit pts = CurrencyUnit.of("PTS", 0);   // a custom unit
 * }</pre>
 *
 * @param code  upper-case code, 3 to 12 characters, {@code [A-Z][A-Z0-9]*}
 * @param scale fractional digits, 0 to 18
 */
public record CurrencyUnit(String code, int scale) {

  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]{2,11}");

  /** Largest supported scale; {@code 10^18} still fits a {@code long}. */
  public static final int MAX_SCALE = 18;

  /** US dollar. */
  public static final CurrencyUnit USD = new CurrencyUnit("USD", 2);
  /** Euro. */
  public static final CurrencyUnit EUR = new CurrencyUnit("EUR", 2);
  /** Pound sterling. */
  public static final CurrencyUnit GBP = new CurrencyUnit("GBP", 2);
  /** Japanese yen. */
  public static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);

  /**
   * Checks the code and scale.
   *
   * @throws InvalidRequestException when the code or scale is out of range
   */
  public CurrencyUnit {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new InvalidRequestException("currency.code", code == null ? null : Checks.shown(code),
          "must be 3 to 12 upper-case letters or digits, starting with a letter");
    }
    if (scale < 0 || scale > MAX_SCALE) {
      throw new InvalidRequestException("currency.scale", scale, "must be between 0 and " + MAX_SCALE);
    }
  }

  /**
   * The ISO 4217 currency with this code, at its ISO scale.
   *
   * @param code an ISO 4217 code such as {@code "EUR"}
   * @return the unit
   * @throws InvalidRequestException when the code is not an ISO 4217 currency with a scale
   */
  public static CurrencyUnit of(String code) {
    if (code == null) {
      throw new InvalidRequestException("currency.code", null, "must not be null");
    }
    Currency iso;
    try {
      iso = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("currency.code", Checks.shown(code),
          "is not an ISO 4217 currency; use CurrencyUnit.of(code, scale) for a custom unit");
    }
    int digits = iso.getDefaultFractionDigits();
    if (digits < 0) {
      throw new InvalidRequestException("currency.code", Checks.shown(code),
          "has no ISO scale; use CurrencyUnit.of(code, scale)");
    }
    return new CurrencyUnit(iso.getCurrencyCode(), digits);
  }

  /**
   * A custom unit (or an ISO code at a chosen scale).
   *
   * @param code  the unit's code
   * @param scale fractional digits, 0 to 18
   * @return the unit
   */
  public static CurrencyUnit of(String code, int scale) {
    return new CurrencyUnit(code, scale);
  }

  /** Ten to the power of the scale: minor units in one major unit. */
  long factor() {
    long f = 1;
    for (int i = 0; i < scale; i++) {
      f *= 10;
    }
    return f;
  }

  @Override
  public String toString() {
    return code;
  }

  /**
   * Whether another unit has the same code and scale.
   *
   * @param other the other unit
   * @return true when equal
   */
  public boolean sameAs(CurrencyUnit other) {
    return Objects.equals(this, other);
  }
}
