package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A plain connection to the test Redis, to look at and clean up what a cache wrote. */
final class RawRedis implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> commands;

  RawRedis(String url) {
    this.client = RedisClient.create(url);
    this.connection = client.connect();
    connection.setTimeout(Duration.ofSeconds(5));
    this.commands = connection.sync();
  }

  RedisCommands<String, String> commands() {
    return commands;
  }

  @Nullable String get(String key) {
    return commands.get(key);
  }

  /** @return the balance a cache with this prefix holds in Redis for the account, or null */
  @Nullable Balance balance(String prefix, AccountId id) {
    String raw = get(KeySpace.of(prefix).key(id));
    return raw == null ? null : BalanceCodec.decode(id, raw);
  }

  List<String> keysUnder(String prefix) {
    List<String> found = new ArrayList<>();
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(500);
    KeyScanCursor<String> cursor = commands.scan(args);
    while (true) {
      found.addAll(cursor.getKeys());
      if (cursor.isFinished()) {
        return found;
      }
      cursor = commands.scan(ScanCursor.of(cursor.getCursor()), args);
    }
  }

  /** Deletes every key under a test's prefix. */
  void deleteUnder(String prefix) {
    List<String> keys = keysUnder(prefix);
    if (!keys.isEmpty()) {
      commands.unlink(keys.toArray(String[]::new));
    }
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
