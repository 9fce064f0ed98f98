package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the order and concurrency of the writes, the highest version ends up in L1 and in Redis,
 * and a reader elsewhere sees it.
 */
class VersionOrderingProperties {

  private static final Function<AccountId, Balance> NO_LOAD = id -> fail("the store must not be asked for " + id);

  private static String prefix;
  private static RawRedis raw;
  private static RedisBalanceCache writer;
  private static RedisBalanceCache reader;

  @BeforeContainer
  static void start() {
    String url = TestServices.redisUrl();
    prefix = TestSupport.freshPrefix("version-props");
    raw = new RawRedis(url);
    writer = RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix).commandTimeout(Duration.ofSeconds(1)).build();
    reader = RedisBalanceCache.builder().redisUri(url).keyPrefix(prefix).l1MaximumSize(0)
        .commandTimeout(Duration.ofSeconds(1)).build();
    TestSupport.eventually(Duration.ofSeconds(10), "up", () -> writer.health().status() == CacheHealth.Status.UP
        && reader.health().status() == CacheHealth.Status.UP);
  }

  @AfterContainer
  static void stop() {
    if (writer != null) {
      writer.close();
    }
    if (reader != null) {
      reader.close();
    }
    if (raw != null) {
      raw.deleteUnder(prefix);
      raw.close();
    }
  }

  private static Balance at(AccountId id, long version) {
    return TestSupport.balance(id, version * 10, version);
  }

  @Property(tries = 30)
  void theHighestVersionWinsWhateverTheOrderOfWrites(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 60) Integer> versions,
      @ForAll @IntRange(min = 1, max = 4) int threads) throws InterruptedException {
    AccountId id = TestSupport.randomAccount();
    List<List<Integer>> shares = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      shares.add(new ArrayList<>());
    }
    for (int i = 0; i < versions.size(); i++) {
      shares.get(i % threads).add(versions.get(i));
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (List<Integer> share : shares) {
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        share.forEach(v -> writer.put(at(id, v)));
      });
      t.start();
      running.add(t);
    }
    go.countDown();
    for (Thread t : running) {
      t.join(10_000);
    }
    Balance highest = at(id, Collections.max(versions));
    assertThat(writer.get(id, NO_LOAD)).as("L1 of the writer").isEqualTo(highest);
    TestSupport.eventually(Duration.ofSeconds(3), "Redis holds version " + highest.version(),
        () -> highest.equals(raw.balance(prefix, id)));
    assertThat(reader.get(id, NO_LOAD)).as("a reader in another process").isEqualTo(highest);
    assertThat(writer.health().status()).isEqualTo(CacheHealth.Status.UP);
  }
}
