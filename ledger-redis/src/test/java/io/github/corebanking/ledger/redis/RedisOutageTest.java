package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.services.LoopbackProxy;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away and coming back, simulated by a TCP proxy between both caches and the real
 * Redis. Callers must see no error, reads must come from the store while Redis is away, and once
 * it is back no stale balance may be served.
 */
class RedisOutageTest {

  private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);

  private String prefix;
  private RawRedis raw;
  private LoopbackProxy proxy;
  private InMemoryLedgerStore store;
  private final List<RedisBalanceCache> caches = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    String url = TestServices.redisUrl();
    URI target = URI.create(url);
    prefix = TestSupport.freshPrefix("outage");
    raw = new RawRedis(url);
    proxy = new LoopbackProxy(target.getHost(), target.getPort() < 0 ? 6379 : target.getPort());
    store = new InMemoryLedgerStore();
  }

  @AfterEach
  void stop() throws IOException {
    caches.forEach(RedisBalanceCache::close);
    if (proxy != null) {
      proxy.close();
    }
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.close();
    }
  }

  private RedisBalanceCache cacheThroughProxy(Duration probeInterval) {
    RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(proxy.redisUri()).keyPrefix(prefix)
        .l1ExpireAfterWrite(Duration.ofSeconds(60)).commandTimeout(COMMAND_TIMEOUT)
        .connectTimeout(Duration.ofMillis(500)).probeInterval(probeInterval).build();
    caches.add(cache);
    TestSupport.eventually(Duration.ofSeconds(10), "cache up", () -> cache.health().status() == CacheHealth.Status.UP);
    return cache;
  }

  private static void awaitStatus(RedisBalanceCache cache, CacheHealth.Status status) {
    TestSupport.eventually(Duration.ofSeconds(15), "cache " + status + ", was " + cache.health(),
        () -> cache.health().status() == status);
  }

  @Test
  void cuttingRedisNeitherFailsCallersNorServesAStaleBalanceAfterwards() {
    // B probes often and recovers first; A probes rarely, so A is still cut off when B reads again.
    RedisBalanceCache cacheA = cacheThroughProxy(Duration.ofSeconds(3));
    RedisBalanceCache cacheB = cacheThroughProxy(Duration.ofMillis(50));
    Ledger ledgerA = Ledger.builder().store(store).balanceCache(cacheA).build();
    Ledger ledgerB = Ledger.builder().store(store).balanceCache(cacheB).build();
    AccountId cash = TestSupport.open(ledgerA, "1000", AccountType.ASSET).id();
    AccountId deposits = TestSupport.open(ledgerA, "2000", AccountType.LIABILITY).id();
    ledgerA.post(TestSupport.transfer("before", cash, deposits, 5_000));
    TestSupport.eventually(Duration.ofSeconds(2), "the balance reaches Redis", () -> raw.balance(prefix, cash) != null);
    Balance beforeOutage = ledgerB.balance(cash);
    assertThat(ledgerB.balance(cash)).isEqualTo(beforeOutage);
    assertThat(cacheB.statistics().l1Hits()).isPositive();

    proxy.cut();
    // Whether a cache notices the cut from its connection or from its next command, it must
    // degrade; a read is what makes an idle cache notice.
    TestSupport.eventually(Duration.ofSeconds(5), "both caches degrade", () -> {
      ledgerA.balance(cash);
      ledgerB.balance(cash);
      return cacheA.health().status() == CacheHealth.Status.DEGRADED
          && cacheB.health().status() == CacheHealth.Status.DEGRADED;
    });
    long loadsBefore = cacheB.statistics().loads();
    for (int i = 0; i < 20; i++) {
      ledgerA.post(TestSupport.transfer("during-" + i, cash, deposits, 100));
      Balance committed = store.findBalance(cash).orElseThrow();
      assertThat(ledgerB.balance(cash)).as("B reads A's posting %d from the store", i).isEqualTo(committed);
      assertThat(ledgerA.balance(cash)).isEqualTo(committed);
      assertThat(ledgerB.balances(List.of(cash, deposits))).containsEntry(cash, committed);
    }
    assertThat(cacheB.statistics().loads() - loadsBefore).isGreaterThanOrEqualTo(20);
    assertThat(cacheA.health().reason()).contains("unavailable");
    // Redis itself still holds the balance from before the outage: the trap for the recovery.
    assertThat(raw.balance(prefix, cash)).isEqualTo(beforeOutage);

    proxy.restore();
    awaitStatus(cacheB, CacheHealth.Status.UP);
    assertThat(cacheA.health().status()).as("A has not probed yet").isEqualTo(CacheHealth.Status.DEGRADED);
    Balance committed = store.findBalance(cash).orElseThrow();
    assertThat(ledgerB.balance(cash)).as("B, back first, does not serve the pre-outage balance").isEqualTo(committed);
    assertThat(ledgerB.balance(cash)).isEqualTo(committed);

    awaitStatus(cacheA, CacheHealth.Status.UP);
    ledgerA.post(TestSupport.transfer("after", cash, deposits, 1));
    Balance latest = store.findBalance(cash).orElseThrow();
    TestSupport.eventually(Duration.ofSeconds(2), "both ledgers and Redis agree with the store",
        () -> latest.equals(ledgerA.balance(cash)) && latest.equals(ledgerB.balance(cash))
            && latest.equals(raw.balance(prefix, cash))
            && store.findBalance(deposits).orElseThrow().equals(ledgerB.balance(deposits)));
    assertThat(cacheA.statistics().errors()).isPositive();
  }

  @Test
  void aStalledRedisTimesOutAndDegradesWithoutCallerErrors() {
    RedisBalanceCache cache = cacheThroughProxy(Duration.ofMillis(100));
    Ledger ledger = Ledger.builder().store(store).balanceCache(cache).build();
    AccountId cash = TestSupport.open(ledger, "1000", AccountType.ASSET).id();
    AccountId deposits = TestSupport.open(ledger, "2000", AccountType.LIABILITY).id();
    ledger.post(TestSupport.transfer("before", cash, deposits, 5_000));

    proxy.stall();
    AccountId fresh = TestSupport.open(ledger, "3000", AccountType.EQUITY).id();
    long errorsBefore = cache.statistics().errors();
    // The stalled proxy never answers: the read returning at all shows the command timeout bounded it.
    Balance read = ledger.balance(fresh);
    assertThat(read).isEqualTo(store.findBalance(fresh).orElseThrow());
    assertThat(cache.statistics().errors()).as("the stalled read timed out").isGreaterThan(errorsBefore);
    awaitStatus(cache, CacheHealth.Status.DEGRADED);
    // Commands sent before the stall time out within one command timeout; let them be counted first.
    TestSupport.sleep(COMMAND_TIMEOUT.multipliedBy(2).toMillis());
    CacheStatistics down = cache.statistics();
    for (int i = 0; i < 10; i++) {
      ledger.post(TestSupport.transfer("stalled-" + i, cash, deposits, 10));
      assertThat(ledger.balance(cash)).isEqualTo(store.findBalance(cash).orElseThrow());
    }
    CacheStatistics after = cache.statistics();
    // A read or write that tried Redis now would wait for the timeout and count an error.
    assertThat(after.errors()).as("fail fast while down: nothing waits on Redis").isEqualTo(down.errors());
    assertThat(after.loads() - down.loads()).as("the reads went to the store").isGreaterThanOrEqualTo(10);

    proxy.restore();
    awaitStatus(cache, CacheHealth.Status.UP);
    Balance committed = store.findBalance(cash).orElseThrow();
    assertThat(ledger.balance(cash)).isEqualTo(committed);
    Balance inRedis = raw.balance(prefix, cash);
    assertThat(inRedis == null || inRedis.equals(committed)).as("Redis holds %s", inRedis).isTrue();
  }
}
