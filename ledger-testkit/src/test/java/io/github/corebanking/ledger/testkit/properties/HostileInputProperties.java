package io.github.corebanking.ledger.testkit.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.testkit.HostileInputProbe;
import io.github.corebanking.ledger.testkit.HostileInputs;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.TestLedgers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile text, numbers and dates at every public {@link Ledger} method that takes them,
 * on the in-memory store: each is rejected with a typed exception naming the field (and wrote
 * nothing), or accepted when the policy allows it and read back exactly; integrity stays clean.
 * The same probe runs on PostgreSQL in ledger-postgres.
 */
class HostileInputProperties {

  private static final MutableClock CLOCK = MutableClock.at("2026-01-31T10:00:00Z");
  private static Ledger ledger;
  private static HostileInputProbe probe;

  @BeforeContainer
  static void openLedger() {
    ledger = TestLedgers.inMemory(CLOCK);
    probe = HostileInputProbe.open(ledger, CLOCK);
  }

  @AfterContainer
  static void closeLedger() {
    assertThat(ledger.checkIntegrity().ok()).isTrue();
    ledger.close();
  }

  @Property(tries = 400)
  void hostileTextIsRejectedNamingTheFieldOrStoredExactly(@ForAll HostileInputProbe.Target target,
      @ForAll("texts") String text) {
    probe.text(target, text);
  }

  @Property(tries = 300)
  void amountsOutsideTheGrammarAreRejectedAndTheRestAreExact(@ForAll("amounts") String amount) {
    probe.amount(amount);
  }

  @Property(tries = 150)
  void valueDatesOutsideTheRangeAreRejected(@ForAll("dates") LocalDate date) {
    probe.effectiveDate(date);
  }

  @Property(tries = 150)
  void expiriesOutsideTheRangeOrInThePastAreRejected(@ForAll("instants") Instant expiry) {
    CLOCK.advance(Duration.ofSeconds(1));
    probe.expiry(expiry);
  }

  @Property(tries = 150)
  void anyQueryBoundsGiveTheHistorysAnswer(@ForAll("instants") Instant from, @ForAll("instants") Instant to) {
    probe.queryBounds(from, to);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(Arbitraries.randomValue(HostileInputs::text),
        Arbitraries.strings().all().ofMaxLength(140));
  }

  @Provide
  Arbitrary<String> amounts() {
    return Arbitraries.oneOf(Arbitraries.randomValue(HostileInputs::amount),
        Arbitraries.strings().withChars("0123456789.-+eE \u0660\u0661").ofMaxLength(30));
  }

  @Provide
  Arbitrary<LocalDate> dates() {
    return Arbitraries.randomValue(HostileInputs::date);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.randomValue(HostileInputs::instant);
  }
}
