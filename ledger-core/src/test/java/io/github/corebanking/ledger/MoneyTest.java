package io.github.corebanking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  private static final CurrencyUnit USD = CurrencyUnit.USD;

  @Test
  void parsesDecimalTextIntoMinorUnits() {
    assertThat(Money.of("12.50", USD).minorUnits()).isEqualTo(1250);
    assertThat(Money.of("0.01", USD).minorUnits()).isEqualTo(1);
    assertThat(Money.of("7", USD).minorUnits()).isEqualTo(700);
    assertThat(Money.of("-0.50", USD).minorUnits()).isEqualTo(-50);
    assertThat(Money.of("100", CurrencyUnit.JPY).minorUnits()).isEqualTo(100);
    assertThat(Money.of("1.234", CurrencyUnit.of("BHD")).minorUnits()).isEqualTo(1234);
    assertThat(Money.of("12.50", "EUR")).isEqualTo(Money.ofMinor(1250, CurrencyUnit.EUR));
  }

  @Test
  void trailingZerosBeyondTheScaleAreNotExcessScale() {
    assertThat(Money.of("12.5000", USD)).isEqualTo(Money.ofMinor(1250, USD));
    assertThat(Money.of(new BigDecimal("1E+3"), USD).minorUnits()).isEqualTo(100_000);
  }

  @Test
  void moreFractionalDigitsThanTheScaleIsRejectedNotRounded() {
    assertThatThrownBy(() -> Money.of("12.345", USD))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessage("amount '12.345' has more fractional digits than USD allows (2)");
    assertThatThrownBy(() -> Money.of("100.5", CurrencyUnit.JPY))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("JPY allows (0)");
  }

  @Test
  void textThatIsNotANumberIsRejected() {
    assertThatThrownBy(() -> Money.of("12,50", USD))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessage("amount '12,50' is not a decimal number");
    assertThatThrownBy(() -> Money.of((String) null, USD))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("amount null must not be null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "1E+3", " 10.00", "10.00 ", "+1", ".5", "1.", "-", "", "1_000", "0x10",
      "\u0661\u0660", "\uff11", "1e100000000", "1e999999999", "-1e-999999999", "NaN", "Infinity", "1\u00002"})
  void textOutsideTheAmountGrammarIsRejectedNamingTheField(String text) {
    InvalidAmountException e = catchThrowableOfType(() -> Money.of(text, USD), InvalidAmountException.class);
    assertThat(e.field()).isEqualTo("amount");
    assertThat(e.getMessage()).contains("is not a decimal number").doesNotContain("\u0000");
  }

  @Test
  void amountTextIsBoundedInLength() {
    String longest = "0".repeat(Limits.MAX_AMOUNT_LENGTH - 3) + "1.5";
    assertThat(Money.of(longest, USD).minorUnits()).isEqualTo(150);
    assertThatThrownBy(() -> Money.of("0" + longest, USD))
        .isInstanceOf(InvalidAmountException.class)
        .hasFieldOrPropertyWithValue("field", "amount")
        .hasMessageContaining("longer than " + Limits.MAX_AMOUNT_LENGTH);
  }

  @Test
  void hugeBigDecimalsAreRejectedAtOnceWithATypedError() {
    BigDecimal[] huge = {new BigDecimal("1e100000000"), new BigDecimal("1e999999999"),
        new BigDecimal("1e-999999999"), new BigDecimal(BigInteger.TEN.pow(5000), 0),
        new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE), new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE),
        new BigDecimal(BigInteger.TEN.pow(3000), 3000)};
    for (BigDecimal amount : huge) {
      assertThatThrownBy(() -> Money.of(amount, USD)).as("Money.of(%s)", amount.toString().length() > 40
              ? amount.toString().substring(0, 40) : amount.toString())
          .isInstanceOf(InvalidAmountException.class)
          .hasFieldOrPropertyWithValue("field", "amount");
    }
  }

  @Test
  void bigDecimalsWithRedundantZerosAreStillExact() {
    assertThat(Money.of(new BigDecimal(BigInteger.TEN.pow(100), 100), USD).minorUnits()).isEqualTo(100);
    assertThat(Money.of(new BigDecimal(BigInteger.ZERO, -999_999_999), USD).minorUnits()).isZero();
    assertThat(Money.of(new BigDecimal(BigInteger.ZERO, 999_999_999), USD).minorUnits()).isZero();
    assertThat(Money.of(new BigDecimal("92233720368547758.07"), USD).minorUnits()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void amountsBeyondSixtyFourBitMinorUnitsAreRejected() {
    assertThat(Money.of("92233720368547758.07", USD).minorUnits()).isEqualTo(Long.MAX_VALUE);
    assertThat(Money.of("-92233720368547758.08", USD).minorUnits()).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> Money.of("92233720368547758.08", USD))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessageContaining("does not fit in 64-bit minor units of USD");
  }

  @Test
  void arithmeticOverflowThrowsInsteadOfWrapping() {
    Money max = Money.ofMinor(Long.MAX_VALUE, USD);
    assertThatThrownBy(() -> max.plus(Money.ofMinor(1, USD)))
        .isInstanceOf(InvalidAmountException.class).hasMessageContaining("overflows");
    assertThatThrownBy(() -> Money.ofMinor(Long.MIN_VALUE, USD).minus(Money.ofMinor(1, USD)))
        .isInstanceOf(InvalidAmountException.class).hasMessageContaining("overflows");
    assertThatThrownBy(() -> Money.ofMinor(Long.MIN_VALUE, USD).negate())
        .isInstanceOf(InvalidAmountException.class).hasMessageContaining("cannot be negated");
  }

  @Test
  void arithmeticAndComparisonRefuseToMixCurrencies() {
    Money usd = Money.of("1.00", USD);
    Money eur = Money.of("1.00", CurrencyUnit.EUR);
    assertThatThrownBy(() -> usd.plus(eur))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessage("currency 'EUR' expected USD");
    assertThatThrownBy(() -> usd.minus(eur)).isInstanceOf(CurrencyMismatchException.class);
    assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(CurrencyMismatchException.class);
    // Same code at another scale is another unit.
    assertThatThrownBy(() -> usd.plus(Money.ofMinor(1, CurrencyUnit.of("USD", 4))))
        .isInstanceOf(CurrencyMismatchException.class);
  }

  @Test
  void negativeAmountsAreAllowedForBalancesAndKnowTheirSign() {
    Money debt = Money.of("-3.25", USD);
    assertThat(debt.isNegative()).isTrue();
    assertThat(debt.isPositive()).isFalse();
    assertThat(debt.negate()).isEqualTo(Money.of("3.25", USD));
    assertThat(Money.zero(USD).isZero()).isTrue();
    assertThat(debt.toString()).isEqualTo("-3.25 USD");
  }

  @Test
  void aNegativeOrZeroAmountCannotBeAnEntry() {
    AccountId account = AccountId.of(java.util.UUID.randomUUID());
    assertThatThrownBy(() -> EntryRequest.debit(account, Money.of("-1.00", USD)))
        .isInstanceOf(InvalidAmountException.class)
        .hasMessage("entry.amount '-1.00 USD' must be greater than zero");
    assertThatThrownBy(() -> EntryRequest.credit(account, Money.zero(USD)))
        .isInstanceOf(InvalidAmountException.class);
  }

  @Test
  void sumsDifferencesAndOrderWithinOneCurrency() {
    Money a = Money.of("10.10", USD);
    Money b = Money.of("0.95", USD);
    assertThat(a.plus(b)).isEqualTo(Money.of("11.05", USD));
    assertThat(a.minus(b)).isEqualTo(Money.of("9.15", USD));
    assertThat(b.minus(a)).isEqualTo(Money.of("-9.15", USD));
    assertThat(a).isGreaterThan(b);
    assertThat(a.toBigDecimal()).isEqualByComparingTo("10.10");
    assertThat(a.toBigDecimal().scale()).isEqualTo(2);
    assertThat(Money.ofMinor(5, USD).toPlainString()).isEqualTo("0.05");
  }

  @Test
  void aMissingCurrencyIsRejected() {
    assertThatThrownBy(() -> Money.ofMinor(1, null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("currency null must not be null");
    assertThatThrownBy(() -> Money.of(BigDecimal.ONE, null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("currency");
  }
}
