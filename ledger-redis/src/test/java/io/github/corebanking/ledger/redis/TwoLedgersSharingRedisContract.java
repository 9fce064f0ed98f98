package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two ledgers, as in two processes: each with its own cache, sharing one Redis and one store. A
 * subclass supplies the store.
 */
abstract class TwoLedgersSharingRedisContract {

  /** Far longer than any wait below, so only an invalidation can make a change visible. */
  private static final Duration L1_EXPIRY = Duration.ofSeconds(60);
  private static final Duration INVALIDATION_DEADLINE = Duration.ofSeconds(2);

  protected String prefix;
  private LedgerStore storeA;
  private LedgerStore storeB;
  private RedisBalanceCache cacheA;
  private RedisBalanceCache cacheB;
  private Ledger ledgerA;
  private Ledger ledgerB;
  private RawRedis raw;

  /** @return the store the first ledger uses */
  protected abstract LedgerStore newStore();

  /**
   * The store the second ledger uses: the same data as {@code first}.
   *
   * @param first the first ledger's store
   * @return a store over the same data (the same instance for an in-memory store)
   */
  protected LedgerStore secondStore(LedgerStore first) {
    return first;
  }

  /** @return a short name for the key prefix */
  protected abstract String name();

  /** Called after both stores are closed, to drop what they left behind. */
  protected void afterStores() {}

  @BeforeEach
  void startLedgers() {
    String url = TestServices.redisUrl();
    prefix = TestSupport.freshPrefix(name());
    raw = new RawRedis(url);
    storeA = newStore();
    storeB = secondStore(storeA);
    cacheA = cache(url);
    cacheB = cache(url);
    ledgerA = Ledger.builder().store(storeA).balanceCache(cacheA).build();
    ledgerB = Ledger.builder().store(storeB).balanceCache(cacheB).build();
    TestSupport.eventually(Duration.ofSeconds(10), "both caches up",
        () -> cacheA.health().status() == CacheHealth.Status.UP && cacheB.health().status() == CacheHealth.Status.UP);
  }

  private RedisBalanceCache cache(String url) {
    return RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix).l1ExpireAfterWrite(L1_EXPIRY)
        .commandTimeout(Duration.ofSeconds(2)).probeInterval(Duration.ofMillis(100)).build();
  }

  @AfterEach
  void stopLedgers() {
    for (AutoCloseable c : new AutoCloseable[] {cacheA, cacheB, storeB == storeA ? null : storeB, storeA}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    afterStores();
    if (raw != null) {
      raw.deleteUnder(prefix);
      assertThat(raw.keysUnder(prefix)).isEmpty();
      raw.close();
    }
  }

  @Test
  void aPostingThroughOneLedgerIsSeenByTheOtherWithinTheInvalidationLatency() {
    Account cash = TestSupport.open(ledgerA, "1000", AccountType.ASSET);
    Account deposits = TestSupport.open(ledgerA, "2000", AccountType.LIABILITY);
    ledgerA.post(TestSupport.transfer("t1", cash.id(), deposits.id(), 10_000));
    // A's write to Redis does not hold up the posting; wait for it so that B's read below is a
    // Redis hit rather than a store load racing A's announcement.
    TestSupport.eventually(INVALIDATION_DEADLINE, "A's write reaches Redis",
        () -> raw.balance(prefix, cash.id()) != null);
    Balance before = ledgerB.balance(cash.id());
    assertThat(cacheB.statistics().l2Hits()).isEqualTo(1);
    long hits = cacheB.statistics().l1Hits();
    assertThat(ledgerB.balance(cash.id())).isEqualTo(before);
    assertThat(cacheB.statistics().l1Hits()).as("the second read is an L1 hit").isEqualTo(hits + 1);

    ledgerA.post(TestSupport.transfer("t2", cash.id(), deposits.id(), 2_500));

    Balance committed = storeA.findBalance(cash.id()).orElseThrow();
    assertThat(committed.version()).isEqualTo(before.version() + 1);
    Duration latency = TestSupport.timeUntil(INVALIDATION_DEADLINE, "ledger B sees version " + committed.version(),
        () -> ledgerB.balance(cash.id()), b -> b.equals(committed));
    assertThat(ledgerB.balance(cash.id()).postedDebits()).isEqualTo(12_500);
    System.out.printf("[%s] invalidation latency %d µs%n", name(), latency.toNanos() / 1_000);
  }

  @Test
  void concurrentPostingsThroughBothLedgersLeaveNoMismatchOnceQuiet() throws InterruptedException {
    List<AccountId> accounts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      accounts.add(TestSupport.open(ledgerA, "10" + i, i % 2 == 0 ? AccountType.ASSET : AccountType.LIABILITY).id());
    }
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean posting = new AtomicBoolean(true);
    AtomicInteger keys = new AtomicInteger();
    List<Thread> posters = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (Ledger ledger : List.of(ledgerA, ledgerB)) {
      for (int t = 0; t < 2; t++) {
        posters.add(thread(failures, () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          // Under load the readers may hardly run while 120 postings go by; go on until they have
          // read from both tiers, so that the run proves something about each.
          for (int n = 0; n < 120 || (n < 2_000 && !bothTiersRead()); n++) {
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            ledger.post(TestSupport.transfer("c" + keys.incrementAndGet(), accounts.get(from), accounts.get(to),
                1 + random.nextInt(10_000)));
          }
        }));
        readers.add(thread(failures, () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (posting.get()) {
            AccountId id = accounts.get(random.nextInt(accounts.size()));
            Balance b = ledger.balance(id);
            assertThat(b.accountId()).isEqualTo(id);
            assertThat(ledger.balances(accounts)).hasSize(accounts.size());
            Thread.yield();
          }
        }));
      }
    }
    for (Thread t : posters) {
      t.join(60_000);
    }
    posting.set(false);
    for (Thread t : readers) {
      t.join(10_000);
    }
    assertThat(failures).isEmpty();

    TestSupport.eventually(INVALIDATION_DEADLINE, "both ledgers and Redis agree with the store", () -> {
      for (AccountId id : accounts) {
        Balance stored = storeA.findBalance(id).orElseThrow();
        Balance inRedis = raw.balance(prefix, id);
        if (!stored.equals(ledgerA.balance(id)) || !stored.equals(ledgerB.balance(id))
            || (inRedis != null && !stored.equals(inRedis))) {
          return false;
        }
      }
      Map<AccountId, Balance> a = ledgerA.balances(accounts);
      Map<AccountId, Balance> b = ledgerB.balances(accounts);
      return a.equals(b) && accounts.stream().allMatch(id -> Objects.equals(a.get(id), storeA.findBalance(id).orElseThrow()));
    });
    assertThat(ledgerA.checkIntegrity().ok()).isTrue();
    assertThat(cacheA.statistics().l1Hits() + cacheB.statistics().l1Hits()).isPositive();
    assertThat(cacheA.statistics().l2Hits() + cacheB.statistics().l2Hits()).isPositive();
  }

  private boolean bothTiersRead() {
    return cacheA.statistics().l1Hits() + cacheB.statistics().l1Hits() > 0
        && cacheA.statistics().l2Hits() + cacheB.statistics().l2Hits() > 0;
  }

  private static Thread thread(Queue<Throwable> failures, Runnable work) {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable e) {
        failures.add(e);
      }
    });
    t.start();
    return t;
  }
}
