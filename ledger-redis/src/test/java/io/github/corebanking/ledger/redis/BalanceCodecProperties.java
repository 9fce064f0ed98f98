package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Side;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The text form of a balance in Redis, and of the invalidation messages. */
class BalanceCodecProperties {

  @Property
  void everyBalanceSurvivesTheRoundTrip(@ForAll("balances") Balance b) {
    assertThat(BalanceCodec.decode(b.accountId(), BalanceCodec.encode(b))).isEqualTo(b);
  }

  @Property
  void theEncodingStartsWithTheVersionTheScriptCompares(@ForAll("balances") Balance b) {
    assertThat(BalanceCodec.encode(b)).startsWith(b.version() + "|");
  }

  @Property
  void anyOtherTextDecodesToNothingRatherThanFailing(@ForAll String text) {
    AccountId id = new AccountId(UUID.randomUUID());
    Balance b = BalanceCodec.decode(id, text);
    if (b != null) {
      assertThat(b.accountId()).isEqualTo(id);
    }
  }

  @Property
  void aTamperedEncodingDecodesToNothing(@ForAll("balances") Balance b, @ForAll("tampering") String junk) {
    String encoded = BalanceCodec.encode(b);
    assertThat(BalanceCodec.decode(b.accountId(), encoded + "|" + junk)).isNull();
    assertThat(BalanceCodec.decode(b.accountId(), encoded.replace("|1|", "|2|"))).isNull();
  }

  @Property
  void invalidationMessagesParse(@ForAll("balances") Balance a, @ForAll("balances") Balance b) {
    String sender = UUID.randomUUID().toString();
    // The versioned-write script announces what it wrote in this form.
    String written = "B|" + sender + "|" + a.accountId().value() + ":" + a.version() + ","
        + b.accountId().value() + ":" + b.version();
    assertThat(Invalidation.parse(written)).isEqualTo(new Invalidation('B', sender,
        List.of(new Invalidation.Change(a.accountId(), a.version()), new Invalidation.Change(b.accountId(), b.version()))));
    assertThat(Invalidation.parse(Invalidation.dropped(sender, a.accountId())))
        .isEqualTo(new Invalidation('I', sender, List.of(new Invalidation.Change(a.accountId(), -1))));
    assertThat(Invalidation.parse(Invalidation.clearAll(sender))).isEqualTo(new Invalidation('C', sender, List.of()));
    assertThat(Invalidation.sentBy(written, sender)).isTrue();
    assertThat(Invalidation.sentBy(Invalidation.clearAll(sender), sender)).isTrue();
    assertThat(Invalidation.sentBy(written, UUID.randomUUID().toString())).isFalse();
    assertThat(Invalidation.sentBy(Invalidation.clearAll(sender), sender.substring(0, 10))).isFalse();
  }

  @Property
  void foreignMessagesAreIgnored(@ForAll String text) {
    Invalidation m = Invalidation.parse(text);
    if (m != null) {
      assertThat(m.kind()).isIn('B', 'I', 'C');
    }
  }

  @Provide
  Arbitrary<String> tampering() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(0).ofMaxLength(8);
  }

  @Provide
  Arbitrary<Balance> balances() {
    Arbitrary<AccountId> ids = Arbitraries.randomValue(r -> new AccountId(new UUID(r.nextLong(), r.nextLong())));
    Arbitrary<CurrencyUnit> currencies = Combinators.combine(
        Arbitraries.strings().withCharRange('A', 'Z').ofLength(1),
        Arbitraries.strings().withCharRange('A', 'Z').numeric().ofMinLength(2).ofMaxLength(11),
        Arbitraries.integers().between(0, CurrencyUnit.MAX_SCALE))
        .as((first, rest, scale) -> CurrencyUnit.of(first + rest, scale));
    Arbitrary<Long> counters = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(ids, currencies, Arbitraries.of(Side.class), counters, counters, counters, counters,
        Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as(Balance::new);
  }
}
