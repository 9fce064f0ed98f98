package io.github.corebanking.ledger.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache over TLS with a password: from a {@code rediss://} URI, and through a supplied client. */
class RedisTlsTest {

  private static final Function<AccountId, Balance> NO_LOAD = id -> fail("the store must not be asked for " + id);

  private static LocalTlsRedis redis;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    redis = LocalTlsRedis.start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  private static void awaitUp(RedisBalanceCache cache) {
    TestSupport.eventually(Duration.ofSeconds(15), "cache up, was " + cache.health(),
        () -> cache.health().status() == CacheHealth.Status.UP);
  }

  @Test
  void aRedissUriWithAPasswordConnectsOverTls() {
    String uri = "rediss://:" + LocalTlsRedis.PASSWORD + "@127.0.0.1:" + redis.port() + "?verifyPeer=NONE";
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(uri).keyPrefix(TestSupport.freshPrefix("tls"))
        .commandTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(5)).build()) {
      awaitUp(cache);
      assertThat(cache.health().reason()).contains("(TLS)").doesNotContain(LocalTlsRedis.PASSWORD);
      assertThat(cache.toString()).doesNotContain(LocalTlsRedis.PASSWORD);
      AccountId id = TestSupport.randomAccount();
      Balance b = TestSupport.balance(id, 10, 1);
      cache.put(b);
      cache.clearAll();
      assertThat(cache.get(id, k -> b)).isEqualTo(b);
      assertThat(cache.get(id, NO_LOAD)).isEqualTo(b);
    }
  }

  @Test
  void aSuppliedClientThatVerifiesTheCertificateIsUsedAsIs() {
    RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(redis.port()).withSsl(true)
        .withPassword(LocalTlsRedis.PASSWORD.toCharArray()).build();
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .sslOptions(SslOptions.builder().trustManager(redis.certificate().toFile()).build()).build());
    String prefix = TestSupport.freshPrefix("tls-client");
    try (RedisBalanceCache writer = RedisBalanceCache.builder().redisClient(client).keyPrefix(prefix).build();
        // L1 entries outlive the wait below: the reader sees the writer's balance only if the
        // invalidation crosses TLS.
        RedisBalanceCache reader = RedisBalanceCache.builder().redisClient(client).keyPrefix(prefix)
            .l1ExpireAfterWrite(Duration.ofMinutes(1)).build()) {
      awaitUp(writer);
      awaitUp(reader);
      AccountId id = TestSupport.randomAccount();
      reader.put(TestSupport.balance(id, 1, 1));
      // If a cache's first connection failed, its recovery clears what the other had queued (the
      // balance is then deleted from Redis rather than written): the writer posts newer versions
      // until one reaches the reader. The store's answer, version 0, shows a read that missed Redis.
      Function<AccountId, Balance> store = k -> TestSupport.balance(k, 0, 0);
      long[] version = {1};
      TestSupport.eventually(Duration.ofSeconds(5), "the reader sees a version the writer put", () -> {
        version[0]++;
        writer.put(TestSupport.balance(id, version[0], version[0]));
        TestSupport.sleep(20);
        return reader.get(id, store).version() > 1;
      });
      writer.clearAll();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aWrongPasswordLeavesTheCacheDegradedWithoutShowingThePassword() {
    String uri = "rediss://:not-the-password@127.0.0.1:" + redis.port() + "?verifyPeer=NONE";
    try (RedisBalanceCache cache = RedisBalanceCache.builder().redisUri(uri).keyPrefix(TestSupport.freshPrefix("tls"))
        .connectTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.DEGRADED);
      assertThat(cache.health().reason()).doesNotContain("not-the-password");
      AccountId id = TestSupport.randomAccount();
      Balance stored = TestSupport.balance(id, 3, 3);
      assertThat(cache.get(id, k -> stored)).isEqualTo(stored);
    }
  }
}
