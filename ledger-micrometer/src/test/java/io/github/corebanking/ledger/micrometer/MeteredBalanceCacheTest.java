package io.github.corebanking.ledger.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.spi.BalanceCache;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MeteredBalanceCacheTest {

  /** A plain map cache that keeps the higher version, as the SPI asks. */
  static final class MapCache implements BalanceCache {
    final Map<AccountId, Balance> map = new ConcurrentHashMap<>();

    @Override
    public Balance get(AccountId id, Function<AccountId, Balance> loader) {
      return map.computeIfAbsent(id, loader);
    }

    @Override
    public void put(Balance balance) {
      map.merge(balance.accountId(), balance, (a, b) -> b.version() > a.version() ? b : a);
    }

    @Override
    public void invalidate(AccountId id) {
      map.remove(id);
    }

    @Override
    public void clearAll() {
      map.clear();
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double gets(String result) {
    return registry.get(MeteredBalanceCache.GETS).tag("result", result).counter().count();
  }

  @Test
  void aReadTheCacheAnswersIsAHitAndOneThatGoesToTheStoreIsAMiss() {
    MapCache cache = new MapCache();
    try (Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore())
        .balanceCache(LedgerMetrics.of(registry, Tags.empty()).instrument(cache)).build()) {
      BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
      bank.injectCapital(bank.money("10.00"), "capital-1");
      cache.clearAll();

      ledger.balance(bank.cash().id());
      ledger.balance(bank.cash().id());
      ledger.balance(bank.cash().id());
    }

    assertThat(gets("miss")).isEqualTo(1);
    assertThat(gets("hit")).isEqualTo(2);
    assertThat(registry.get(MeteredBalanceCache.LOADS).timer().count()).isEqualTo(1);
  }

  @Test
  void severalBalancesCountEachAccount() {
    MapCache cache = new MapCache();
    try (Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore())
        .balanceCache(MeteredBalanceCache.wrap(cache, registry, Tags.empty())).build()) {
      BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
      cache.clearAll();
      ledger.balance(bank.cash().id());

      ledger.balances(List.of(bank.cash().id(), bank.equity().id(), bank.feeIncome().id()));
    }

    assertThat(gets("hit")).isEqualTo(1);
    assertThat(gets("miss")).isEqualTo(3);
  }

  @Test
  void withoutACacheEveryReadIsAMiss() {
    try (Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore())
        .balanceCache(MeteredBalanceCache.wrap(BalanceCache.none(), registry, Tags.empty())).build()) {
      BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);
      ledger.balance(bank.cash().id());
      ledger.balances(List.of(bank.cash().id(), bank.equity().id()));
    }

    assertThat(gets("miss")).isEqualTo(3);
    assertThat(gets("hit")).isZero();
  }
}
