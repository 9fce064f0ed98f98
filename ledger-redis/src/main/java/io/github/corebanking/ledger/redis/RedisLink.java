package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.Balance;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's two Redis connections (commands, and the invalidation subscription) and the few
 * commands it sends, each bounded by the command timeout.
 *
 * <p>Connections are made lazily: a failed first connect leaves them unset, and the cache's probe
 * calls {@link #connect()} again. Once made, Lettuce reconnects them by itself; the subscription is
 * renewed by Lettuce on reconnect, which {@link Events#subscribed()} reports.
 */
final class RedisLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
  private static final String SCRIPT_RESOURCE = "versioned-set.lua";
  /** Keys per SCAN step and per UNLINK. */
  static final int BATCH = 500;

  /** What the link reports to the cache. Called on Lettuce's threads: must not block. */
  interface Events {
    /** A message arrived on the invalidation channel. */
    void message(String text);

    /** The invalidation channel is (again) subscribed. */
    void subscribed();

    /** The subscription's connection dropped: invalidations may be missed until {@link #subscribed()}. */
    void channelLost();

    /** The command connection dropped. */
    void connectionLost();
  }

  private final AbstractRedisClient client;
  private final @Nullable ClientResources ownedResources;
  private final boolean ownsClient;
  private final String target;
  private final Duration timeout;
  private final long timeoutNanos;
  private final boolean addTimeouts;
  private final String channel;
  private final Events events;
  private final String script;
  private final String sha;
  private final Object connectLock = new Object();
  private volatile @Nullable StatefulConnection<String, String> connection;
  private volatile @Nullable RedisClusterAsyncCommands<String, String> commands;
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
  private volatile boolean closed;

  /**
   * Wraps a client.
   *
   * @param client         a {@link RedisClient} with a default URI, or a {@link RedisClusterClient}
   * @param ownedResources resources to shut down on close, when the cache made them
   * @param ownsClient     whether {@link #close()} shuts the client down
   * @param target         where it points, for messages; never holds a password
   * @param timeout        the bound of every command
   * @param channel        the invalidation channel
   * @param events         where to report messages and connection changes
   */
  RedisLink(AbstractRedisClient client, @Nullable ClientResources ownedResources, boolean ownsClient, String target,
      Duration timeout, String channel, Events events) {
    this.client = client;
    this.ownedResources = ownedResources;
    this.ownsClient = ownsClient;
    this.target = target;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    // A client whose options do not time commands out would leave an unanswered write pending forever.
    this.addTimeouts = !client.getOptions().getTimeoutOptions().isTimeoutCommands();
    this.channel = channel;
    this.events = events;
    this.script = loadScript();
    this.sha = sha1(script);
  }

  String target() {
    return target;
  }

  /**
   * Opens whatever connection is missing and subscribes to the invalidation channel. Blocking;
   * called at build and by the probe.
   *
   * @throws RedisCallException when Redis cannot be reached
   */
  void connect() {
    synchronized (connectLock) {
      if (closed) {
        throw new RedisCallException(RedisCallException.Kind.UNAVAILABLE, "the cache is closed", null);
      }
      try {
        if (commands == null) {
          openCommandConnection();
        }
        if (pubsub == null) {
          openSubscription();
        }
      } catch (RedisCallException e) {
        throw e;
      } catch (RuntimeException e) {
        throw RedisCallException.of("connect to " + target, e);
      }
    }
  }

  private void openCommandConnection() {
    StatefulConnection<String, String> conn;
    RedisClusterAsyncCommands<String, String> async;
    if (client instanceof RedisClusterClient cluster) {
      StatefulRedisClusterConnection<String, String> c = cluster.connect(StringCodec.UTF8);
      conn = c;
      async = c.async();
    } else {
      StatefulRedisConnection<String, String> c = ((RedisClient) client).connect(StringCodec.UTF8);
      conn = c;
      async = c.async();
    }
    conn.setTimeout(timeout);
    conn.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (!closed) {
          events.connectionLost();
        }
      }
    });
    try {
      await(async.scriptLoad(script).toCompletableFuture(), "load the versioned-write script");
    } catch (RedisCallException e) {
      conn.closeAsync();
      throw e;
    }
    connection = conn;
    commands = async;
  }

  private void openSubscription() {
    StatefulRedisPubSubConnection<String, String> ps = client instanceof RedisClusterClient cluster
        ? cluster.connectPubSub(StringCodec.UTF8)
        : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
    ps.setTimeout(timeout);
    ps.addListener(new RedisPubSubAdapter<String, String>() {
      @Override
      public void message(String ch, String text) {
        if (channel.equals(ch)) {
          events.message(text);
        }
      }

      @Override
      public void subscribed(String ch, long count) {
        if (channel.equals(ch) && !closed) {
          events.subscribed();
        }
      }
    });
    ps.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (!closed) {
          events.channelLost();
        }
      }
    });
    try {
      await(ps.async().subscribe(channel).toCompletableFuture(), "subscribe to " + channel);
    } catch (RedisCallException e) {
      ps.closeAsync();
      throw e;
    }
    pubsub = ps;
    events.subscribed();
  }

  /** @return whether the command connection has been made (it may be reconnecting) */
  boolean connected() {
    return commands != null;
  }

  CompletableFuture<@Nullable String> get(String key) {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      return notConnected();
    }
    return bounded(c.get(key).toCompletableFuture());
  }

  CompletableFuture<List<KeyValue<String, String>>> mget(String[] keys) {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      return notConnected();
    }
    return bounded(c.mget(keys).toCompletableFuture());
  }

  /** @return whether this is a Redis Cluster, where one script call may only touch keys of one slot */
  boolean cluster() {
    return client instanceof RedisClusterClient;
  }

  /**
   * Runs the versioned write for some balances (on a cluster, all in one slot): each is written
   * unless Redis holds the same or a higher version. When {@code publish} is true and any was
   * written, one message announces all of them with their versions: a process hearing of a version
   * older than the one Redis keeps only drops an entry that is older still.
   *
   * @param keys      the balance keys
   * @param balances  the balances, in the order of the keys
   * @param ttlMillis time to live
   * @param publish   whether to announce on the channel
   * @param sender    the announcing instance
   * @return for each balance, -1 when written, else the version Redis keeps
   */
  CompletableFuture<List<Long>> versionedWrite(String[] keys, List<Balance> balances, long ttlMillis, boolean publish,
      String sender) {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      return notConnected();
    }
    String[] args = new String[3 + balances.size()];
    args[0] = Long.toString(ttlMillis);
    args[1] = publish ? channel : "";
    args[2] = publish ? Invalidation.written(sender, balances) : "";
    for (int i = 0; i < balances.size(); i++) {
      args[3 + i] = BalanceCodec.encode(balances.get(i));
    }
    int count = balances.size();
    CompletableFuture<List<Object>> first = bounded(c.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
        .toCompletableFuture());
    // After a SCRIPT FLUSH or a failover to a node without the script, EVAL loads it again.
    return first.exceptionallyCompose(e -> isNoScript(e)
            ? bounded(c.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args).toCompletableFuture())
            : CompletableFuture.failedFuture(e))
        .thenApply(reply -> versions(reply, count));
  }

  /** Expands the script's reply (index and kept version of each balance not written) to one value per balance. */
  static List<Long> versions(List<Object> reply, int count) {
    Long[] out = new Long[count];
    Arrays.fill(out, -1L);
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      int index = (int) number(reply.get(i)) - 1;
      if (index >= 0 && index < count) {
        out[index] = number(reply.get(i + 1));
      }
    }
    return List.of(out);
  }

  private static long number(Object o) {
    return o instanceof Long l ? l : Long.parseLong(String.valueOf(o));
  }

  CompletableFuture<Long> unlink(String[] keys) {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      return notConnected();
    }
    return bounded(c.unlink(keys).toCompletableFuture());
  }

  CompletableFuture<Long> publish(String message) {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      return notConnected();
    }
    return bounded(c.publish(channel, message).toCompletableFuture());
  }

  /** Blocking PING. */
  void ping() {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      throw new RedisCallException(RedisCallException.Kind.UNAVAILABLE, "not connected to " + target, null);
    }
    await(c.ping().toCompletableFuture(), "PING");
  }

  /**
   * Deletes every key matching a pattern with SCAN and UNLINK, a batch at a time (never KEYS).
   * Blocking.
   *
   * @param pattern a SCAN MATCH pattern
   * @return keys deleted
   */
  long unlinkMatching(String pattern) {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c == null) {
      throw new RedisCallException(RedisCallException.Kind.UNAVAILABLE, "not connected to " + target, null);
    }
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(BATCH);
    long deleted = 0;
    KeyScanCursor<String> cursor = await(c.scan(args).toCompletableFuture(), "SCAN");
    while (true) {
      List<String> found = cursor.getKeys();
      if (!found.isEmpty()) {
        Long n = await(c.unlink(found.toArray(String[]::new)).toCompletableFuture(), "UNLINK");
        deleted += n == null ? 0 : n;
      }
      if (cursor.isFinished()) {
        return deleted;
      }
      cursor = await(c.scan(cursor, args).toCompletableFuture(), "SCAN");
    }
  }

  /**
   * Waits for a command, at most the command timeout.
   *
   * @throws RedisCallException when it failed, timed out or the wait was interrupted
   */
  <T> T await(CompletableFuture<T> future, String operation) {
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new RedisCallException(RedisCallException.Kind.UNAVAILABLE,
          operation + " timed out after " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw RedisCallException.of(operation, e.getCause());
    } catch (CancellationException e) {
      throw RedisCallException.of(operation, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new RedisCallException(RedisCallException.Kind.INTERRUPTED, operation + " was interrupted", e);
    }
  }

  private <T> CompletableFuture<T> bounded(CompletableFuture<T> f) {
    return addTimeouts ? f.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS) : f;
  }

  private <T> CompletableFuture<T> notConnected() {
    return CompletableFuture.failedFuture(
        new RedisCallException(RedisCallException.Kind.UNAVAILABLE, "not connected to " + target, null));
  }

  private static boolean isNoScript(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof RedisNoScriptException
        || (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT"));
  }

  @Override
  public void close() {
    synchronized (connectLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    StatefulRedisPubSubConnection<String, String> ps = pubsub;
    StatefulConnection<String, String> conn = connection;
    pubsub = null;
    connection = null;
    commands = null;
    try {
      if (ps != null) {
        ps.close();
      }
      if (conn != null) {
        conn.close();
      }
    } catch (RuntimeException e) {
      LOG.debug("closing the connections to {} failed", target, e);
    }
    if (ownsClient) {
      try {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        LOG.debug("shutting down the Redis client for {} failed", target, e);
      }
    }
    if (ownedResources != null) {
      ownedResources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static String loadScript() {
    try (InputStream in = RedisLink.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SCRIPT_RESOURCE + " next to " + RedisLink.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCRIPT_RESOURCE, e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
