package io.github.corebanking.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.testkit.HostileInputProbe;
import io.github.corebanking.ledger.testkit.HostileInputs;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.services.TestServices;
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
 * on PostgreSQL (one fresh schema, dropped after): NUL, unpaired surrogates, control characters,
 * dates and instants past what the database holds. Each is rejected by the ledger before the store
 * sees it, with a typed exception naming the field and nothing written, or accepted and read back
 * from the database exactly; integrity stays clean. Tries are few: each one reads the whole ledger
 * before and after.
 */
class PostgresHostileInputProperties {

  private static final MutableClock CLOCK = MutableClock.at("2026-01-31T10:00:00Z");
  private static HikariDataSource dataSource;
  private static String schema;
  private static PostgresLedgerStore store;
  private static Ledger ledger;
  private static HostileInputProbe probe;

  @BeforeContainer
  static void openLedger() {
    dataSource = PgTestSupport.pool("hostile", 4);
    schema = TestServices.freshSchemaName("hostile");
    PostgresLedgerSchema.migrate(dataSource, schema);
    store = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    ledger = Ledger.builder().store(store).clock(CLOCK).build();
    probe = HostileInputProbe.open(ledger, CLOCK);
  }

  @AfterContainer
  static void closeLedger() {
    try {
      assertThat(ledger.checkIntegrity().ok()).isTrue();
      ledger.close();
      store.close();
      PgTestSupport.drop(schema);
    } finally {
      dataSource.close();
    }
  }

  @Property(tries = 120)
  void hostileTextIsRejectedNamingTheFieldOrStoredExactly(@ForAll HostileInputProbe.Target target,
      @ForAll("texts") String text) {
    probe.text(target, text);
  }

  @Property(tries = 60)
  void amountsOutsideTheGrammarAreRejectedAndTheRestAreExact(@ForAll("amounts") String amount) {
    probe.amount(amount);
  }

  @Property(tries = 40)
  void valueDatesOutsideTheRangeAreRejected(@ForAll("dates") LocalDate date) {
    probe.effectiveDate(date);
  }

  @Property(tries = 40)
  void expiriesOutsideTheRangeOrInThePastAreRejected(@ForAll("instants") Instant expiry) {
    CLOCK.advance(Duration.ofSeconds(1));
    probe.expiry(expiry);
  }

  @Property(tries = 40)
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
    return Arbitraries.randomValue(HostileInputs::amount);
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
