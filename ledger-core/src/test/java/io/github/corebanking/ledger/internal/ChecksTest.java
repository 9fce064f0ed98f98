package io.github.corebanking.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Limits;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {

  @ParameterizedTest
  @ValueSource(strings = {"k\u0000", "line\nbreak", "esc\u001b[31m", "tab\tkey", "del\u007f", "c1\u0085",
      "bidi\u202eflip", "zero\u200bwidth", "sep\u2028line", "lone\ud800", "\udc00lone", "bom\ufeff"})
  void aKeyWithAControlFormatOrUnpairedSurrogateCharacterIsRejected(String key) {
    InvalidRequestException e = catchThrowableOfType(() -> Checks.key(key, "idempotencyKey"),
        InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("idempotencyKey");
    assertThat(e.getMessage()).doesNotContain("\u0000", "\n", "\u001b", "\t", "\u007f", "\u0085", "\u202e",
        "\u200b", "\u2028", "\ufeff").contains("must not contain");
    assertThat(e.getMessage().codePoints().filter(cp -> cp >= 0xd800 && cp <= 0xdfff)).isEmpty();
  }

  @Test
  void keysMayHoldAnyOtherUnicodeText() {
    assertThat(Checks.key("order-42/é/日本/\ud83d\udcb6 x", "idempotencyKey")).isEqualTo("order-42/é/日本/\ud83d\udcb6 x");
  }

  @Test
  void aNameIsOneLineOfTextWithoutControlCharacters() {
    assertThat(Checks.text("Caisse d'épargne \u200d\ud83c\udfe6", "account.name", 500))
        .isEqualTo("Caisse d'épargne \u200d\ud83c\udfe6");
    for (String bad : new String[] {"a\u0000b", "two\nlines", "\u001b[2J", "lone\ud83d"}) {
      assertThatThrownBy(() -> Checks.text(bad, "account.name", 500))
          .isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("field", "account.name");
    }
  }

  @Test
  void freeTextMayBreakLinesButHoldsNoOtherControlCharacterNorUnpairedSurrogate() {
    assertThat(Checks.freeText("", "description", 500)).isEmpty();
    assertThat(Checks.freeText("line one\r\nline\ttwo", "description", 500)).isEqualTo("line one\r\nline\ttwo");
    for (String bad : new String[] {"nul\u0000", "bell\u0007", "\u001b[31mred", "lone\udfff"}) {
      assertThatThrownBy(() -> Checks.freeText(bad, "description", 500))
          .isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("field", "description");
    }
  }

  @Test
  void metadataValuesAndKeysFollowThePolicy() {
    Map<String, String> nul = new LinkedHashMap<>();
    nul.put("channel", "atm\u0000");
    assertThatThrownBy(() -> Checks.metadata(nul, "metadata"))
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "metadata[channel]")
        .hasMessageContaining("\\u0000");
    Map<String, String> badKey = new LinkedHashMap<>();
    badKey.put("ch\nannel", "atm");
    InvalidRequestException e = catchThrowableOfType(() -> Checks.metadata(badKey, "metadata"),
        InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("metadata key");
    assertThat(e.getMessage()).contains("ch\\u000Aannel").doesNotContain("\n");
  }

  @Test
  void shownValuesAreEscapedAndShortenedWithoutSplittingAPair() {
    assertThat(Checks.shown("a\\b\u0000\n\u001b\ud800")).isEqualTo("a\\\\b\\u0000\\u000A\\u001B\\uD800");
    String longEmoji = "x".repeat(36) + "\ud83d\udcb6" + "y".repeat(10);
    assertThat(Checks.shown(longEmoji)).isEqualTo("x".repeat(36) + "\ud83d\udcb6...");
  }

  @Test
  void datesAndInstantsOutsideTheSupportedRangeAreRejected() {
    assertThat(Checks.date(Limits.MIN_DATE, "effectiveDate")).isEqualTo(LocalDate.of(1, 1, 1));
    assertThat(Checks.date(Limits.MAX_DATE, "effectiveDate")).isEqualTo(LocalDate.of(9999, 12, 31));
    for (LocalDate bad : new LocalDate[] {LocalDate.MIN, LocalDate.MAX, LocalDate.of(0, 12, 31), LocalDate.of(10000, 1, 1)}) {
      assertThatThrownBy(() -> Checks.date(bad, "effectiveDate"))
          .isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("field", "effectiveDate")
          .hasMessageContaining("0001-01-01");
    }
    for (Instant bad : new Instant[] {Instant.MIN, Instant.MAX, Limits.MIN_INSTANT, Limits.MAX_INSTANT}) {
      assertThatThrownBy(() -> Checks.instant(bad, "expiresAt"))
          .isInstanceOf(InvalidRequestException.class)
          .hasFieldOrPropertyWithValue("field", "expiresAt");
    }
    assertThat(Checks.instant(Limits.MAX_INSTANT.minusNanos(1), "expiresAt")).isBefore(Limits.MAX_INSTANT);
  }

  @Test
  void queryBoundsAreClampedIntoTheSupportedRange() {
    assertThat(Checks.bound(Instant.MIN, "from")).isEqualTo(Limits.MIN_INSTANT);
    assertThat(Checks.bound(Instant.MAX, "to")).isEqualTo(Limits.MAX_INSTANT);
    Instant inside = Instant.parse("2026-01-15T09:00:00.123456789Z");
    assertThat(Checks.bound(inside, "asOf")).isEqualTo(inside);
    assertThatThrownBy(() -> Checks.bound(null, "asOf"))
        .isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("field", "asOf");
  }
}
