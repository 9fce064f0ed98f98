package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.InvalidRequestException;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Builder validation, and a cache built while Redis cannot be reached. None of these need Redis. */
class RedisBalanceCacheBuilderTest {

  @Test
  void aConnectionSourceIsRequired() {
    assertThatThrownBy(() -> RedisBalanceCache.builder().keyPrefix("ledger:").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("redisUri")
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("redisUri"));
  }

  @Test
  void aUriThatIsNotRedisIsRejectedWithTheFieldAndValue() {
    assertThatThrownBy(() -> RedisBalanceCache.builder().redisUri("http://127.0.0.1:6379"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("redisUri")
        .hasMessageContaining("http://127.0.0.1:6379");
  }

  @Test
  void aRejectedUriNeverShowsItsPassword() {
    assertThatThrownBy(() -> RedisBalanceCache.builder().redisUri("rediss://admin:s3cret@:6380"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("s3cret")
        .hasMessageContaining("rediss://***@:6380");
  }

  @Test
  void aPasswordHoldingSlashOrAtIsNeverShownInPart() {
    for (String uri : java.util.List.of("redis://:se/cretPw9@127.0.0.1:6379", "redis://:se@cret/Pw9@127.0.0.1:6379",
        "rediss://ops:p@ss/w@rd@:6380", "redis://:se/cretPw9@")) {
      assertThatThrownBy(() -> RedisBalanceCache.builder().redisUri(uri))
          .as(uri)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageNotContaining("cret")
          .hasMessageNotContaining("Pw9")
          .hasMessageNotContaining("ss/w")
          .hasMessageNotContaining("rd@")
          .hasMessageContaining("***@")
          .hasMessageContaining("must be percent-encoded (%2F, %40)");
    }
  }

  @Test
  void aBadUriOptionIsRejectedWithLettucesReason() {
    assertThatThrownBy(() -> RedisBalanceCache.builder().redisUri("rediss://:pw@127.0.0.1:6380?verifyPeer=maybe"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rediss://***@127.0.0.1:6380?verifyPeer=maybe")
        .hasMessageContaining("SslVerifyMode")
        .hasMessageNotContaining(":pw@");
  }

  @Test
  void aPrefixWithGlobCharactersIsRejected() {
    for (String bad : List.of("", "ledger:*", "led?ger", "ledger[1]", ":ledger", "a b")) {
      assertThatThrownBy(() -> RedisBalanceCache.builder().keyPrefix(bad))
          .as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("keyPrefix '" + bad + "'");
    }
  }

  @Test
  void outOfRangeSizesAndDurationsAreRejected() {
    assertThatThrownBy(() -> RedisBalanceCache.builder().l1MaximumSize(-1)).hasMessageContaining("l1MaximumSize '-1'");
    assertThatThrownBy(() -> RedisBalanceCache.builder().commandTimeout(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("commandTimeout 'PT0S'");
    assertThatThrownBy(() -> RedisBalanceCache.builder().l1ExpireAfterWrite(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("l1ExpireAfterWrite");
    assertThatThrownBy(() -> RedisBalanceCache.builder().l2ExpireAfterWrite(Duration.ofMillis(10)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("l2ExpireAfterWrite");
    assertThatThrownBy(() -> RedisBalanceCache.builder().probeInterval(Duration.ofHours(1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("probeInterval");
    assertThatThrownBy(() -> RedisBalanceCache.builder().writeInterval(Duration.ofNanos(99_999)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("writeInterval");
    assertThatThrownBy(() -> RedisBalanceCache.builder().writeInterval(Duration.ofMillis(1001)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("writeInterval");
    assertThatThrownBy(() -> RedisBalanceCache.builder().writeInterval(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("writeInterval null");
    assertThatThrownBy(() -> RedisBalanceCache.builder().requestQueueSize(0))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("requestQueueSize '0'");
    assertThatThrownBy(() -> RedisBalanceCache.builder().commandTimeout(null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("commandTimeout null");
  }

  @Test
  void eachOptionCanBeSetOnlyOnce() {
    RedisBalanceCache.Builder b = RedisBalanceCache.builder().keyPrefix("a:").commandTimeout(Duration.ofMillis(50));
    assertThatThrownBy(() -> b.keyPrefix("b:")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("keyPrefix 'b:' was already set");
    assertThatThrownBy(() -> b.commandTimeout(Duration.ofMillis(60))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void twoConnectionSourcesCannotBeCombined() {
    RedisBalanceCache.Builder b = RedisBalanceCache.builder().redisUri("redis://127.0.0.1:6379");
    assertThatThrownBy(() -> b.redisClusterUris("redis://127.0.0.1:7000"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("redisClusterUris")
        .hasMessageContaining("cannot be combined with redisUri");
    assertThatThrownBy(() -> RedisBalanceCache.builder().redisClusterUris())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one seed");
  }

  @Test
  void optionsForClientsTheCacheCreatesAreRejectedWithASuppliedClient() {
    RedisClient client = RedisClient.create("redis://127.0.0.1:1");
    try {
      assertThatThrownBy(() -> RedisBalanceCache.builder().redisClient(client).requestQueueSize(10).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("requestQueueSize '10' applies only to clients the cache creates");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void unreachableRedisGivesADegradedCacheThatServesTheStore() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    RedisBalanceCache cache = RedisBalanceCache.builder()
        .redisUri("redis://:s3cret@127.0.0.1:" + closedPort)
        .keyPrefix(TestSupport.freshPrefix("unreachable"))
        .connectTimeout(Duration.ofMillis(200))
        .commandTimeout(Duration.ofMillis(50))
        .build();
    try {
      assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.DEGRADED);
      assertThat(cache.health().reason()).contains("127.0.0.1:" + closedPort).doesNotContain("s3cret");
      AccountId id = TestSupport.randomAccount();
      AtomicInteger loads = new AtomicInteger();
      Balance stored = TestSupport.balance(id, 700, 3);
      for (int i = 0; i < 3; i++) {
        assertThat(cache.get(id, k -> {
          loads.incrementAndGet();
          return stored;
        })).isEqualTo(stored);
      }
      assertThat(loads).as("nothing is cached while Redis is down").hasValue(3);
      cache.put(TestSupport.balance(id, 800, 4));
      cache.invalidate(id);
      cache.clearAll();
      assertThat(cache.getAll(List.of(id), ids -> Map.of(id, stored))).containsEntry(id, stored);
      assertThatThrownBy(() -> cache.get(id, k -> {
        throw new AccountNotFoundException("accountId", k, "does not exist");
      })).isInstanceOf(AccountNotFoundException.class);
    } finally {
      cache.close();
    }
    assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.DOWN);
  }

  @Test
  void aBuilderBuildsOnce() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    RedisBalanceCache.Builder b = RedisBalanceCache.builder().redisUri("redis://127.0.0.1:" + closedPort)
        .connectTimeout(Duration.ofMillis(100));
    b.build().close();
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
  }
}
