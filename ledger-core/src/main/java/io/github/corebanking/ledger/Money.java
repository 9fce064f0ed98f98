package io.github.corebanking.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import io.github.corebanking.ledger.internal.Checks;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An exact amount of money: a whole number of minor units (cents) of a {@link CurrencyUnit}.
 *
 * <p>Money never rounds. Parsing an amount with more fractional digits than the unit's scale,
 * overflowing a {@code long} of minor units, or mixing currencies is an error.
 *
 * <pre>{@code
 * Money fee = Money.of("12.50", CurrencyUnit.USD);   // 1250 minor units
 * Money total = fee.plus(Money.ofMinor(250, CurrencyUnit.USD));
 * }</pre>
 *
 * @param minorUnits the amount in minor units; may be negative (balances), posting amounts are positive
 * @param currency   the unit
 */
public record Money(long minorUnits, CurrencyUnit currency) implements Comparable<Money> {

  /** Most bits of a {@code BigDecimal}'s unscaled value that {@link #of(BigDecimal, CurrencyUnit)} looks at. */
  private static final int MAX_UNSCALED_BITS = 4096;

  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  /**
   * Checks the currency.
   *
   * @throws InvalidRequestException when the currency is null
   */
  public Money {
    if (currency == null) {
      throw new InvalidRequestException("currency", null, "must not be null");
    }
  }

  /**
   * Money from minor units.
   *
   * @param minorUnits amount in minor units
   * @param currency   the unit
   * @return the amount
   */
  public static Money ofMinor(long minorUnits, CurrencyUnit currency) {
    return new Money(minorUnits, currency);
  }

  /**
   * Zero in a currency.
   *
   * @param currency the unit
   * @return zero
   */
  public static Money zero(CurrencyUnit currency) {
    return new Money(0, currency);
  }

  /**
   * Money from a decimal amount in major units.
   *
   * <p>Works in time bounded by the amount's own size: a {@code BigDecimal} whose unscaled value
   * has more than 4096 bits, or whose exponent puts it far beyond a
   * {@code long} of minor units, is rejected without being expanded.
   *
   * @param amount   amount such as {@code 12.50}
   * @param currency the unit
   * @return the amount
   * @throws InvalidAmountException when the amount has more fractional digits than the scale,
   *                                or does not fit in a {@code long} of minor units
   */
  public static Money of(BigDecimal amount, CurrencyUnit currency) {
    if (amount == null) {
      throw new InvalidAmountException("amount", null, "must not be null");
    }
    if (currency == null) {
      throw new InvalidRequestException("currency", null, "must not be null");
    }
    return exact(amount, currency, null);
  }

  /** The amount in minor units; {@code text} is what the caller wrote, shown in errors when given. */
  private static Money exact(BigDecimal amount, CurrencyUnit currency, @Nullable String text) {
    BigInteger unscaled = amount.unscaledValue();
    if (unscaled.signum() == 0) {
      return new Money(0, currency);
    }
    String shown = text != null ? Checks.shown(text) : shown(amount);
    if (unscaled.bitLength() > MAX_UNSCALED_BITS) {
      throw new InvalidAmountException("amount", shown,
          "has more digits than any amount in 64-bit minor units (" + unscaled.bitLength() + " bits)");
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() > currency.scale()) {
      throw new InvalidAmountException("amount", shown,
          "has more fractional digits than " + currency.code() + " allows (" + currency.scale() + ")");
    }
    // minor units = unscaled' * 10^(currency scale - scale'), at least 10^19 > 2^63 past 18
    long exponent = (long) currency.scale() - stripped.scale();
    BigInteger minor = exponent > 18 ? null : stripped.movePointRight(currency.scale()).toBigIntegerExact();
    if (minor == null || minor.bitLength() > 63) {
      throw new InvalidAmountException("amount", shown,
          "does not fit in 64-bit minor units of " + currency.code());
    }
    return new Money(minor.longValue(), currency);
  }

  /**
   * Money from a decimal string in major units, of the grammar {@code -?[0-9]+(\.[0-9]+)?}: ASCII
   * digits, an optional minus sign and fractional part, no exponent, no spaces, no plus sign, at
   * most {@link Limits#MAX_AMOUNT_LENGTH} characters.
   *
   * @param amount   amount such as {@code "12.50"}
   * @param currency the unit
   * @return the amount
   * @throws InvalidAmountException when the text is not of the grammar, has excess scale or overflows
   */
  public static Money of(String amount, CurrencyUnit currency) {
    if (amount == null) {
      throw new InvalidAmountException("amount", null, "must not be null");
    }
    if (amount.length() > Limits.MAX_AMOUNT_LENGTH) {
      throw new InvalidAmountException("amount", Checks.shown(amount),
          "is longer than " + Limits.MAX_AMOUNT_LENGTH + " characters");
    }
    if (!DECIMAL.matcher(amount).matches()) {
      throw new InvalidAmountException("amount", Checks.shown(amount), "is not a decimal number");
    }
    if (currency == null) {
      throw new InvalidRequestException("currency", null, "must not be null");
    }
    return exact(new BigDecimal(amount), currency, amount);
  }

  /** The text of an amount for a message, never expanded: plain when short, scientific otherwise. */
  private static String shown(BigDecimal amount) {
    return Checks.shown(Math.abs((long) amount.scale()) <= 100 && amount.unscaledValue().bitLength() <= 400
        ? amount.toPlainString() : amount.toString());
  }

  /**
   * Money from a decimal string and an ISO currency code.
   *
   * @param amount       amount such as {@code "12.50"}
   * @param currencyCode ISO 4217 code
   * @return the amount
   */
  public static Money of(String amount, String currencyCode) {
    return of(amount, CurrencyUnit.of(currencyCode));
  }

  /**
   * The amount in major units, at the currency's scale.
   *
   * @return the decimal amount
   */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(minorUnits, currency.scale());
  }

  /**
   * The sum of two amounts of the same currency.
   *
   * @param other the amount to add
   * @return the sum
   * @throws CurrencyMismatchException when currencies differ
   * @throws InvalidAmountException    on overflow
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    try {
      return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
    } catch (ArithmeticException e) {
      throw new InvalidAmountException("amount", toPlainString() + " + " + other.toPlainString(), "overflows");
    }
  }

  /**
   * The difference of two amounts of the same currency.
   *
   * @param other the amount to subtract
   * @return the difference
   * @throws CurrencyMismatchException when currencies differ
   * @throws InvalidAmountException    on overflow
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    try {
      return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    } catch (ArithmeticException e) {
      throw new InvalidAmountException("amount", toPlainString() + " - " + other.toPlainString(), "overflows");
    }
  }

  /**
   * The amount with its sign flipped.
   *
   * @return the negated amount
   * @throws InvalidAmountException on overflow
   */
  public Money negate() {
    if (minorUnits == Long.MIN_VALUE) {
      throw new InvalidAmountException("amount", toPlainString(), "cannot be negated");
    }
    return new Money(-minorUnits, currency);
  }

  /** @return true when greater than zero */
  public boolean isPositive() {
    return minorUnits > 0;
  }

  /** @return true when less than zero */
  public boolean isNegative() {
    return minorUnits < 0;
  }

  /** @return true when zero */
  public boolean isZero() {
    return minorUnits == 0;
  }

  /**
   * Compares two amounts of the same currency.
   *
   * @throws CurrencyMismatchException when currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return Long.compare(minorUnits, other.minorUnits);
  }

  private void requireSameCurrency(Money other) {
    Objects.requireNonNull(other, "other");
    if (!currency.equals(other.currency)) {
      throw new CurrencyMismatchException("currency", other.currency.code(),
          "expected " + currency.code());
    }
  }

  /**
   * The plain decimal text, such as {@code 12.50}.
   *
   * @return the amount without its currency
   */
  public String toPlainString() {
    return toBigDecimal().toPlainString();
  }

  /** @return the amount and currency, such as {@code "12.50 USD"} */
  @Override
  public String toString() {
    return toPlainString() + " " + currency.code();
  }
}
