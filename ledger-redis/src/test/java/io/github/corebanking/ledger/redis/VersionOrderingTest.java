package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A lower version never replaces a higher one, in L1 or in Redis, whoever writes last. */
class VersionOrderingTest {

  private static final Function<AccountId, Balance> NO_LOAD = id -> fail("the store must not be asked for " + id);

  private static String prefix;
  private static RawRedis raw;
  private static RedisBalanceCache cacheA;
  private static RedisBalanceCache cacheB;
  private static RedisBalanceCache redisOnly;

  @BeforeAll
  static void start() {
    String url = TestServices.redisUrl();
    prefix = TestSupport.freshPrefix("versions");
    raw = new RawRedis(url);
    cacheA = RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix).commandTimeout(Duration.ofMillis(500)).build();
    cacheB = RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix).commandTimeout(Duration.ofMillis(500)).build();
    redisOnly = RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix).l1MaximumSize(0)
        .commandTimeout(Duration.ofMillis(500)).build();
    for (RedisBalanceCache c : new RedisBalanceCache[] {cacheA, cacheB, redisOnly}) {
      TestSupport.eventually(Duration.ofSeconds(10), "up", () -> c.health().status() == CacheHealth.Status.UP);
    }
  }

  @AfterAll
  static void stop() {
    for (RedisBalanceCache c : new RedisBalanceCache[] {cacheA, cacheB, redisOnly}) {
      if (c != null) {
        c.close();
      }
    }
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.close();
    }
  }

  private static void awaitInRedis(AccountId id, long version) {
    TestSupport.eventually(Duration.ofSeconds(2), "Redis holds version " + version, () -> {
      Balance b = raw.balance(prefix, id);
      return b != null && b.version() == version;
    });
  }

  @Test
  void aLowerVersionNeverReplacesAHigherOneInL1() {
    AccountId id = TestSupport.randomAccount();
    Balance v5 = TestSupport.balance(id, 500, 5);
    cacheA.put(v5);
    cacheA.put(TestSupport.balance(id, 300, 3));
    cacheA.put(TestSupport.balance(id, 499, 5));
    assertThat(cacheA.get(id, NO_LOAD)).isEqualTo(v5);
    cacheA.put(TestSupport.balance(id, 600, 6));
    assertThat(cacheA.get(id, NO_LOAD).version()).isEqualTo(6);
  }

  @Test
  void aLowerVersionNeverReplacesAHigherOneInRedis() {
    AccountId id = TestSupport.randomAccount();
    Balance v5 = TestSupport.balance(id, 500, 5);
    redisOnly.put(v5);
    awaitInRedis(id, 5);
    redisOnly.put(TestSupport.balance(id, 300, 3));
    redisOnly.put(TestSupport.balance(id, 501, 5));
    redisOnly.put(TestSupport.balance(id, 400, 4));
    Balance v7 = TestSupport.balance(id, 700, 7);
    redisOnly.put(v7);
    awaitInRedis(id, 7);
    redisOnly.put(TestSupport.balance(id, 600, 6));
    // A later write with a lower version is queued behind the higher one on the same connection.
    TestSupport.sleep(100);
    assertThat(raw.balance(prefix, id)).isEqualTo(v7);
    assertThat(redisOnly.get(id, NO_LOAD)).isEqualTo(v7);
  }

  @Test
  void anInstanceWhoseWriteLosesDropsItsOwnOlderEntry() {
    AccountId id = TestSupport.randomAccount();
    Balance v8 = TestSupport.balance(id, 800, 8);
    cacheB.put(v8);
    awaitInRedis(id, 8);
    cacheA.put(TestSupport.balance(id, 700, 7));
    TestSupport.eventually(Duration.ofSeconds(2), "A learns that Redis holds a newer version",
        () -> cacheA.get(id, NO_LOAD).equals(v8));
    assertThat(cacheB.get(id, NO_LOAD)).isEqualTo(v8);
    assertThat(raw.balance(prefix, id)).isEqualTo(v8);
  }

  @Test
  void anAnnouncementDropsAnOlderEntryElsewhereButNeverANewerOne() {
    AccountId older = TestSupport.randomAccount();
    cacheB.put(TestSupport.balance(older, 100, 1));
    Balance v2 = TestSupport.balance(older, 200, 2);
    cacheA.put(v2);
    TestSupport.eventually(Duration.ofSeconds(2), "B drops version 1 and reads version 2 from Redis",
        () -> cacheB.get(older, NO_LOAD).equals(v2));

    AccountId newer = TestSupport.randomAccount();
    Balance v9 = TestSupport.balance(newer, 900, 9);
    cacheB.put(v9);
    awaitInRedis(newer, 9);
    long hits = cacheB.statistics().l1Hits();
    cacheA.put(TestSupport.balance(newer, 800, 8));
    TestSupport.sleep(100);
    assertThat(cacheB.get(newer, NO_LOAD)).isEqualTo(v9);
    assertThat(cacheB.statistics().l1Hits()).as("B kept its newer entry").isEqualTo(hits + 1);
  }

  @Test
  void aSlowLoadNeverOverwritesACommitThatHappenedMeanwhile() throws InterruptedException {
    AccountId id = TestSupport.randomAccount();
    Balance loadedV3 = TestSupport.balance(id, 300, 3);
    Balance committedV4 = TestSupport.balance(id, 400, 4);
    CountDownLatch loaderStarted = new CountDownLatch(1);
    CountDownLatch commitDone = new CountDownLatch(1);
    Thread reader = new Thread(() -> cacheA.get(id, k -> {
      loaderStarted.countDown();
      try {
        commitDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return loadedV3;
    }));
    reader.start();
    loaderStarted.await();
    cacheA.put(committedV4);
    awaitInRedis(id, 4);
    commitDone.countDown();
    reader.join(5_000);
    TestSupport.sleep(100);
    assertThat(cacheA.get(id, NO_LOAD)).isEqualTo(committedV4);
    assertThat(raw.balance(prefix, id)).isEqualTo(committedV4);
    assertThat(redisOnly.get(id, NO_LOAD)).isEqualTo(committedV4);
  }

  @Test
  void aCommitIsAnnouncedEvenWhenALoadAlreadyPutItsVersionInRedis() {
    AccountId id = TestSupport.randomAccount();
    redisOnly.put(TestSupport.balance(id, 100, 1));
    awaitInRedis(id, 1);
    assertThat(cacheB.get(id, NO_LOAD).version()).as("B holds version 1 in L1").isEqualTo(1);

    // Another process commits version 2. Before its cache is told of the commit, one of its readers
    // misses Redis (the key expired) and loads version 2 from the store, which writes it to Redis
    // unannounced; the commit's own write then finds that version already there.
    raw.commands().unlink(KeySpace.of(prefix).key(id));
    Balance v2 = TestSupport.balance(id, 200, 2);
    assertThat(redisOnly.get(id, k -> v2)).isEqualTo(v2);
    awaitInRedis(id, 2);
    redisOnly.put(v2);

    TestSupport.eventually(Duration.ofSeconds(2), "B hears of version 2 and drops version 1",
        () -> cacheB.get(id, NO_LOAD).equals(v2));
  }

  @Test
  void aStoreReadOvertakenByANewerCommitElsewhereDoesNotStayInL1() throws InterruptedException {
    // A second account's entry in A's L1 tells when A has handled B's announcements: they arrive in order.
    AccountId fence = TestSupport.randomAccount();
    cacheB.put(TestSupport.balance(fence, 100, 1));
    awaitInRedis(fence, 1);
    assertThat(cacheA.get(fence, NO_LOAD).version()).isEqualTo(1);

    AccountId id = TestSupport.randomAccount();
    Balance v1 = TestSupport.balance(id, 100, 1);
    Balance v2 = TestSupport.balance(id, 200, 2);
    Balance v3 = TestSupport.balance(id, 300, 3);
    Balance v4 = TestSupport.balance(id, 400, 4);
    CountDownLatch firstLoad = new CountDownLatch(1);
    CountDownLatch committedHere = new CountDownLatch(1);
    CountDownLatch secondLoad = new CountDownLatch(1);
    CountDownLatch committedElsewhere = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    Thread reader = new Thread(() -> cacheA.get(id, k -> {
      if (loads.incrementAndGet() == 1) {
        // The store gives version 1; A commits version 2 meanwhile.
        firstLoad.countDown();
        await(committedHere);
        return v1;
      }
      // Version 1 is older than A's own commit, so the store is asked again and gives version 3;
      // B commits version 4 meanwhile and announces it.
      secondLoad.countDown();
      await(committedElsewhere);
      return v3;
    }));
    reader.start();
    assertThat(firstLoad.await(5, TimeUnit.SECONDS)).isTrue();
    cacheA.put(v2);
    awaitInRedis(id, 2);
    committedHere.countDown();
    assertThat(secondLoad.await(5, TimeUnit.SECONDS)).isTrue();
    cacheB.put(v4);
    awaitInRedis(id, 4);
    Balance fence2 = TestSupport.balance(fence, 200, 2);
    cacheB.put(fence2);
    TestSupport.eventually(Duration.ofSeconds(2), "A has handled B's announcements",
        () -> cacheA.get(fence, NO_LOAD).equals(fence2));
    committedElsewhere.countDown();
    reader.join(5_000);
    assertThat(loads).hasValue(2);

    assertThat(cacheA.get(id, NO_LOAD)).as("A reads version 4, not the overtaken version 3").isEqualTo(v4);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not release the load");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aReadNeverReturnsAVersionLowerThanOneThisProcessSawOrCommitted() {
    AccountId id = TestSupport.randomAccount();
    Balance v6 = TestSupport.balance(id, 600, 6);
    redisOnly.put(v6);
    awaitInRedis(id, 6);
    assertThat(redisOnly.get(id, NO_LOAD)).isEqualTo(v6);
    // Redis restarted and was refilled with an older value by a writer elsewhere.
    raw.commands().set(KeySpace.of(prefix).key(id), BalanceCodec.encode(TestSupport.balance(id, 500, 5)));
    long stale = redisOnly.statistics().staleReads();
    Balance v7 = TestSupport.balance(id, 700, 7);
    assertThat(redisOnly.get(id, k -> v7)).as("the store is asked, not the older Redis value").isEqualTo(v7);
    assertThat(redisOnly.statistics().staleReads()).isEqualTo(stale + 1);
    awaitInRedis(id, 7);

    AccountId other = TestSupport.randomAccount();
    Balance committed = TestSupport.balance(other, 300, 3);
    redisOnly.put(committed);
    awaitInRedis(other, 3);
    raw.commands().set(KeySpace.of(prefix).key(other), BalanceCodec.encode(TestSupport.balance(other, 200, 2)));
    assertThat(redisOnly.getAll(java.util.List.of(other), ids -> java.util.Map.of(other, committed)).get(other))
        .isEqualTo(committed);
  }
}
