package io.github.corebanking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CurrencyUnitTest {

  @Test
  void isoCodesTakeTheirIsoScale() {
    assertThat(CurrencyUnit.of("USD")).isEqualTo(CurrencyUnit.USD);
    assertThat(CurrencyUnit.of("JPY").scale()).isZero();
    assertThat(CurrencyUnit.of("BHD").scale()).isEqualTo(3);
    assertThat(CurrencyUnit.of("EUR")).isEqualTo(CurrencyUnit.EUR).hasToString("EUR");
  }

  @Test
  void customUnitsChooseTheirScale() {
    CurrencyUnit points = CurrencyUnit.of("PTS", 0);
    assertThat(points.code()).isEqualTo("PTS");
    assertThat(points.scale()).isZero();
    assertThat(CurrencyUnit.of("GOLDGRAM", 6).scale()).isEqualTo(6);
    assertThat(CurrencyUnit.of("USD", 4)).isNotEqualTo(CurrencyUnit.USD);
    assertThat(CurrencyUnit.USD.sameAs(CurrencyUnit.of("USD"))).isTrue();
    assertThat(CurrencyUnit.USD.sameAs(CurrencyUnit.of("USD", 4))).isFalse();
  }

  @Test
  void unknownIsoCodesPointToTheCustomFactory() {
    assertThatThrownBy(() -> CurrencyUnit.of("ABC"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("currency.code 'ABC' is not an ISO 4217 currency");
    assertThatThrownBy(() -> CurrencyUnit.of("XXX"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has no ISO scale");
    assertThatThrownBy(() -> CurrencyUnit.of(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("currency.code null must not be null");
  }

  @Test
  void malformedCodesAreRejected() {
    for (String code : new String[] {"us", "usd", "1USD", "TOOLONGCODE12", "US D", ""}) {
      assertThatThrownBy(() -> CurrencyUnit.of(code, 2))
          .as(code)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("currency.code '" + code + "'");
    }
  }

  @Test
  void scaleMustBeBetweenZeroAndEighteen() {
    assertThat(CurrencyUnit.of("MICRO", CurrencyUnit.MAX_SCALE).scale()).isEqualTo(18);
    assertThatThrownBy(() -> CurrencyUnit.of("PTS", -1))
        .isInstanceOf(InvalidRequestException.class).hasMessage("currency.scale '-1' must be between 0 and 18");
    assertThatThrownBy(() -> CurrencyUnit.of("PTS", 19))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("currency.scale '19'");
  }
}
