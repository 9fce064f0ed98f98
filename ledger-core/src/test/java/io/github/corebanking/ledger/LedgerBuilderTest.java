package io.github.corebanking.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.spi.IdGenerator;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.spi.RuleDecision;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LedgerBuilderTest {

  /** A store that is never called: building a ledger does not touch it. */
  private static LedgerStore unusedStore(AtomicBoolean closed) {
    return (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close" -> {
              closed.set(true);
              return null;
            }
            case "toString" -> {
              return "unused store";
            }
            case "hashCode" -> {
              return System.identityHashCode(proxy);
            }
            case "equals" -> {
              return proxy == args[0];
            }
            default -> { }
          }
          throw new AssertionError("the builder must not call the store: " + method.getName());
        });
  }

  private static LedgerStore unusedStore() {
    return unusedStore(new AtomicBoolean());
  }

  @Test
  void buildingALedgerDoesNotTouchTheStore() {
    assertThatCode(() -> Ledger.builder().store(unusedStore()).build()).doesNotThrowAnyException();
  }

  @Test
  void aStoreIsRequired() {
    assertThatThrownBy(() -> Ledger.builder().clock(Clock.systemUTC()).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("store null must be set");
  }

  @Test
  void eachSettingCanBeGivenOnlyOnce() {
    assertThatThrownBy(() -> Ledger.builder().store(unusedStore()).store(unusedStore()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("was already set");
    assertThatThrownBy(() -> Ledger.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("clock ");
    assertThatThrownBy(() -> Ledger.builder().zone(ZoneId.of("UTC")).zone(ZoneId.of("Europe/Paris")))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("zone 'Europe/Paris' was already set to UTC");
    IdGenerator ids = UUID::randomUUID;
    assertThatThrownBy(() -> Ledger.builder().idGenerator(ids).idGenerator(ids))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("idGenerator ");
    assertThatThrownBy(() -> Ledger.builder().balanceCache(BalanceCache.none()).balanceCache(BalanceCache.none()))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("balanceCache ");
  }

  @Test
  void nullSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> Ledger.builder().store(null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("store null must not be null");
    assertThatThrownBy(() -> Ledger.builder().clock(null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("clock null must not be null");
    assertThatThrownBy(() -> Ledger.builder().rule(null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("rule null must not be null");
    assertThatThrownBy(() -> Ledger.builder().listener(null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("listener null must not be null");
  }

  @Test
  void aBuilderBuildsOnce() {
    LedgerBuilder builder = Ledger.builder().store(unusedStore());
    builder.build();
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.clock(Clock.systemUTC())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.rule((r, a) -> RuleDecision.accept())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheLedgerClosesTheStoreOnlyWhenAskedTo() {
    AtomicBoolean kept = new AtomicBoolean();
    Ledger.builder().store(unusedStore(kept)).build().close();
    assertThat(kept).isFalse();

    AtomicBoolean owned = new AtomicBoolean();
    Ledger.builder().store(unusedStore(owned)).closeStoreOnClose(true).build().close();
    assertThat(owned).isTrue();
  }
}
