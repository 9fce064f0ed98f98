package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.StoreUnavailableException;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invalidation, clearing, batch reads, statistics and bad input, against a real Redis. */
class InvalidationAndClearTest {

  private static final Function<AccountId, Balance> NO_LOAD = id -> fail("the store must not be asked for " + id);

  private static String prefix;
  private static String otherPrefix;
  private static RawRedis raw;
  private static RedisBalanceCache cacheA;
  private static RedisBalanceCache cacheB;
  private static RedisBalanceCache otherLedger;

  @BeforeAll
  static void start() {
    String url = TestServices.redisUrl();
    prefix = TestSupport.freshPrefix("invalidation");
    otherPrefix = TestSupport.freshPrefix("invalidation-other");
    raw = new RawRedis(url);
    cacheA = build(url, prefix);
    cacheB = build(url, prefix);
    otherLedger = build(url, otherPrefix);
  }

  private static RedisBalanceCache build(String url, String keyPrefix) {
    RedisBalanceCache c = RedisBalanceCache.builder().redisUri(url).keyPrefix(keyPrefix)
        .l1ExpireAfterWrite(Duration.ofSeconds(60)).commandTimeout(Duration.ofSeconds(2)).build();
    TestSupport.eventually(Duration.ofSeconds(10), "up", () -> c.health().status() == CacheHealth.Status.UP);
    return c;
  }

  @AfterAll
  static void stop() {
    for (RedisBalanceCache c : new RedisBalanceCache[] {cacheA, cacheB, otherLedger}) {
      if (c != null) {
        c.close();
      }
    }
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.deleteUnder(otherPrefix);
      raw.close();
    }
  }

  private static Function<AccountId, Balance> counting(Balance b, AtomicInteger loads) {
    return id -> {
      loads.incrementAndGet();
      return b;
    };
  }

  @Test
  void invalidateDropsTheEntryHereInRedisAndInOtherProcesses() {
    AccountId id = TestSupport.randomAccount();
    Balance v1 = TestSupport.balance(id, 100, 1);
    cacheA.put(v1);
    TestSupport.eventually(Duration.ofSeconds(2), "in Redis", () -> v1.equals(raw.balance(prefix, id)));
    assertThat(cacheB.get(id, NO_LOAD)).isEqualTo(v1);

    cacheA.invalidate(id);

    assertThat(raw.balance(prefix, id)).isNull();
    Balance reloaded = TestSupport.balance(id, 100, 1);
    AtomicInteger loads = new AtomicInteger();
    assertThat(cacheA.get(id, counting(reloaded, loads))).isEqualTo(reloaded);
    assertThat(loads).hasValue(1);
    TestSupport.eventually(Duration.ofSeconds(2), "B drops its entry", () -> {
      AtomicInteger bLoads = new AtomicInteger();
      cacheB.get(id, counting(reloaded, bLoads));
      cacheB.invalidate(TestSupport.randomAccount());
      return bLoads.get() == 1 || raw.balance(prefix, id) != null;
    });
  }

  @Test
  void clearAllDeletesEveryKeyOfItsPrefixAndNoOther() {
    List<AccountId> ids = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      AccountId id = TestSupport.randomAccount();
      ids.add(id);
      cacheA.put(TestSupport.balance(id, i, 1));
    }
    AccountId elsewhere = TestSupport.randomAccount();
    otherLedger.put(TestSupport.balance(elsewhere, 1, 1));
    String[] keys = ids.stream().map(KeySpace.of(prefix)::key).toArray(String[]::new);
    TestSupport.eventually(Duration.ofSeconds(5), "all written",
        () -> raw.commands().exists(keys) == ids.size() && raw.balance(otherPrefix, elsewhere) != null);
    AccountId first = ids.get(0);
    assertThat(cacheB.get(first, NO_LOAD).version()).isEqualTo(1);

    cacheA.clearAll();

    assertThat(raw.keysUnder(prefix + "balance:")).isEmpty();
    assertThat(raw.balance(otherPrefix, elsewhere)).as("another prefix is untouched").isNotNull();
    assertThat(otherLedger.get(elsewhere, NO_LOAD).version()).isEqualTo(1);
    AtomicInteger loads = new AtomicInteger();
    assertThat(cacheA.get(first, counting(TestSupport.balance(first, 0, 2), loads)).version()).isEqualTo(2);
    assertThat(loads).hasValue(1);
    // A writes what it loaded to Redis on its writer thread: wait for it, or B, its L1 emptied by
    // the clear, could find nothing in Redis and ask the store.
    TestSupport.eventually(Duration.ofSeconds(5), "A's load written to Redis", () -> {
      Balance inRedis = raw.balance(prefix, first);
      return inRedis != null && inRedis.version() == 2;
    });
    // B held version 1 in L1; A's load wrote version 2 to Redis without announcing it, so B reads
    // version 2 only once A's clear has emptied its L1.
    TestSupport.eventually(Duration.ofSeconds(2), "B's L1 is emptied by A's clear",
        () -> cacheB.get(first, NO_LOAD).version() == 2);
    cacheA.invalidate(first);
    TestSupport.eventually(Duration.ofSeconds(2), "B's L1 is cleared by the broadcast", () -> {
      AtomicInteger bLoads = new AtomicInteger();
      cacheB.get(first, counting(TestSupport.balance(first, 0, 2), bLoads));
      return bLoads.get() == 1;
    });
  }

  @Test
  void getAllReadsL1ThenRedisThenLoadsTheRestInOneCall() {
    AccountId inL1 = TestSupport.randomAccount();
    AccountId inRedis = TestSupport.randomAccount();
    AccountId inStore = TestSupport.randomAccount();
    AccountId missing = TestSupport.randomAccount();
    Balance l1Balance = TestSupport.balance(inL1, 1, 1);
    Balance redisBalance = TestSupport.balance(inRedis, 2, 2);
    Balance storeBalance = TestSupport.balance(inStore, 3, 3);
    cacheB.put(redisBalance);
    TestSupport.eventually(Duration.ofSeconds(2), "in Redis", () -> redisBalance.equals(raw.balance(prefix, inRedis)));
    cacheA.put(l1Balance);
    CacheStatistics before = cacheA.statistics();
    List<List<AccountId>> calls = new ArrayList<>();

    Map<AccountId, Balance> found = cacheA.getAll(List.of(inL1, inRedis, inStore, missing, inL1), ids -> {
      calls.add(List.copyOf(ids));
      Map<AccountId, Balance> loaded = new HashMap<>();
      for (AccountId id : ids) {
        if (id.equals(inStore)) {
          loaded.put(id, storeBalance);
        }
      }
      return loaded;
    });

    assertThat(found).containsOnly(Map.entry(inL1, l1Balance), Map.entry(inRedis, redisBalance),
        Map.entry(inStore, storeBalance));
    assertThat(calls).containsExactly(List.of(inStore, missing));
    CacheStatistics after = cacheA.statistics();
    assertThat(after.l1Hits() - before.l1Hits()).isEqualTo(1);
    assertThat(after.l1Misses() - before.l1Misses()).isEqualTo(3);
    assertThat(after.l2Hits() - before.l2Hits()).isEqualTo(1);
    assertThat(after.l2Misses() - before.l2Misses()).isEqualTo(2);
    assertThat(after.loads() - before.loads()).isEqualTo(1);
    TestSupport.eventually(Duration.ofSeconds(2), "the loaded balance is written to Redis",
        () -> storeBalance.equals(raw.balance(prefix, inStore)));
    assertThat(cacheA.getAll(List.of(inL1, inRedis, inStore), ids -> fail("no load expected: " + ids)))
        .hasSize(3);
  }

  @Test
  void statisticsCountEachTier() {
    AccountId id = TestSupport.randomAccount();
    Balance b = TestSupport.balance(id, 10, 1);
    CacheStatistics before = cacheA.statistics();
    AtomicInteger loads = new AtomicInteger();
    cacheA.get(id, counting(b, loads));
    cacheA.get(id, counting(b, loads));
    cacheA.get(id, counting(b, loads));
    CacheStatistics after = cacheA.statistics();
    assertThat(loads).hasValue(1);
    assertThat(after.l1Misses() - before.l1Misses()).isEqualTo(1);
    assertThat(after.l1Hits() - before.l1Hits()).isEqualTo(2);
    assertThat(after.l2Misses() - before.l2Misses()).isEqualTo(1);
    assertThat(after.loads() - before.loads()).isEqualTo(1);
    assertThat(after.errors()).isEqualTo(before.errors());
    assertThat(after.l1HitRate()).isBetween(0.0, 1.0);
  }

  @Test
  void aForeignValueUnderAKeyIsReadFromTheStoreAndReplaced() {
    AccountId id = TestSupport.randomAccount();
    raw.commands().set(KeySpace.of(prefix).key(id), "not a balance");
    Balance stored = TestSupport.balance(id, 5, 5);
    long errors = cacheA.statistics().errors();
    AtomicInteger loads = new AtomicInteger();
    assertThat(cacheA.get(id, counting(stored, loads))).isEqualTo(stored);
    assertThat(loads).hasValue(1);
    assertThat(cacheA.statistics().errors()).isEqualTo(errors + 1);
    TestSupport.eventually(Duration.ofSeconds(2), "the loaded balance replaces it",
        () -> stored.equals(raw.balance(prefix, id)));
    assertThat(cacheA.health().status()).isEqualTo(CacheHealth.Status.UP);
  }

  @Test
  void aFailingLoaderFailsTheReadAndCachesNothing() {
    AccountId id = TestSupport.randomAccount();
    assertThatThrownBy(() -> cacheA.get(id, k -> {
      throw new AccountNotFoundException("accountId", k, "does not exist");
    })).isInstanceOf(AccountNotFoundException.class);
    assertThatThrownBy(() -> cacheA.get(id, k -> {
      throw new StoreUnavailableException("store", null, "is down");
    })).isInstanceOf(StoreUnavailableException.class);
    Balance b = TestSupport.balance(id, 1, 1);
    assertThat(cacheA.get(id, k -> b)).isEqualTo(b);
    assertThat(raw.balance(prefix, id) == null || b.equals(raw.balance(prefix, id))).isTrue();
  }

  @Test
  void nullArgumentsAreRejectedWithTheirField() {
    assertThatThrownBy(() -> cacheA.put(null)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("balance");
    assertThatThrownBy(() -> cacheA.invalidate(null)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("accountId");
    assertThatThrownBy(() -> cacheA.get(null, NO_LOAD)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("accountId");
    List<AccountId> withNull = new ArrayList<>();
    withNull.add(TestSupport.randomAccount());
    withNull.add(null);
    assertThatThrownBy(() -> cacheA.getAll(withNull, ids -> Map.of())).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("accountIds[1]");
  }
}
