package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.internal.Redaction;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the cache's Redis is: URIs from which it creates (and later shuts down) its own client, or
 * a client the application owns.
 */
final class Connector {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceCache.class);

  private final List<RedisURI> uris;
  private final boolean cluster;
  private final String target;
  private @Nullable AbstractRedisClient client;
  private @Nullable ClientResources resources;
  private final boolean ownsClient;

  private Connector(List<RedisURI> uris, boolean cluster, String target, @Nullable AbstractRedisClient client) {
    this.uris = uris;
    this.cluster = cluster;
    this.target = target;
    this.client = client;
    this.ownsClient = client == null;
  }

  static Connector forUri(String field, @Nullable String uri) {
    RedisURI parsed = parse(field, uri);
    return new Connector(List.of(parsed), false, describe(parsed), null);
  }

  static Connector forClusterUris(String field, String @Nullable ... uris) {
    if (uris == null || uris.length == 0) {
      throw new InvalidRequestException(field, uris == null ? null : "[]", "must hold at least one seed node URI");
    }
    List<RedisURI> parsed = new ArrayList<>(uris.length);
    List<String> shown = new ArrayList<>(uris.length);
    for (int i = 0; i < uris.length; i++) {
      RedisURI u = parse(field + "[" + i + "]", uris[i]);
      parsed.add(u);
      shown.add(describe(u));
    }
    return new Connector(List.copyOf(parsed), true, "cluster " + shown, null);
  }

  static Connector forClient(String field, @Nullable AbstractRedisClient client) {
    if (client == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    boolean cluster = client instanceof RedisClusterClient;
    return new Connector(List.of(), cluster, cluster ? "the supplied RedisClusterClient" : "the supplied RedisClient",
        client);
  }

  String target() {
    return target;
  }

  boolean ownsClient() {
    return ownsClient;
  }

  /**
   * Creates the client when the cache owns it: commands rejected while disconnected instead of
   * queued, a bounded request queue, every command timed out, no replay of unanswered commands
   * after a reconnect (a replayed write could land after the recovery repair), and reconnection
   * attempts at most one probe interval apart. A cluster client keeps Lettuce's default adaptive
   * topology refresh, which follows failovers and resharding when redirects or lost nodes show them.
   */
  void configure(Duration commandTimeout, Duration connectTimeout, Duration probeInterval, int requestQueueSize) {
    if (!ownsClient) {
      AbstractRedisClient given = client;
      if (given != null && !given.getOptions().isRejectCommandsWhileDisconnected()) {
        LOG.info("balance cache: {} queues commands while disconnected; the cache bounds its own waits, but "
            + "DisconnectedBehavior.REJECT_COMMANDS with a bounded request queue is recommended", target);
      }
      return;
    }
    for (RedisURI u : uris) {
      // The URI's timeout bounds the connection handshake; commands have their own, below.
      u.setTimeout(connectTimeout);
    }
    // One I/O thread serves both connections of a single server: the reply to a write and the
    // invalidation it publishes are then read in one wake-up, and the application's cores see one
    // thread fewer. A cluster has a connection per node, so it gets two.
    resources = DefaultClientResources.builder()
        .ioThreadPoolSize(cluster ? 2 : 1)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), probeInterval, 2, TimeUnit.MILLISECONDS))
        .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.builder().fixedTimeout(commandTimeout).build();
    if (cluster) {
      ClusterClientOptions.Builder b = ClusterClientOptions.builder();
      b.autoReconnect(true);
      b.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
      b.requestQueueSize(requestQueueSize);
      b.replayFilter(command -> true);
      b.timeoutOptions(timeouts);
      b.socketOptions(socket);
      RedisClusterClient c = RedisClusterClient.create(resources, uris);
      c.setOptions(b.build());
      client = c;
    } else {
      RedisClient c = RedisClient.create(resources, uris.get(0));
      c.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .requestQueueSize(requestQueueSize)
          .replayFilter(command -> true)
          .timeoutOptions(timeouts)
          .socketOptions(socket)
          .build());
      client = c;
    }
  }

  RedisLink link(Duration commandTimeout, String channel, RedisLink.Events events) {
    AbstractRedisClient c = client;
    if (c == null) {
      throw new IllegalStateException("configure() was not called");
    }
    return new RedisLink(c, resources, ownsClient, target, commandTimeout, channel, events);
  }

  private static RedisURI parse(String field, @Nullable String uri) {
    if (uri == null) {
      throw new InvalidRequestException(field, null, "must not be null");
    }
    String shown = Redaction.urls(uri);
    String lower = uri.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
      throw new InvalidRequestException(field, shown, "must start with redis:// or rediss:// (TLS)");
    }
    String afterScheme = uri.substring(uri.indexOf("://") + 3);
    int lastAt = afterScheme.lastIndexOf('@');
    if (lastAt >= 0 && (afterScheme.indexOf('@') != lastAt || afterScheme.substring(0, lastAt).contains("/"))) {
      // Parsed as it stands, part of the password would become the host or the path, and be shown.
      throw new InvalidRequestException(field, shown, "has a '/' or '@' in its user information: a password holding "
          + "them must be percent-encoded (%2F, %40)");
    }
    URI syntax;
    try {
      syntax = new URI(uri);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, shown, "is not a valid URI");
    }
    if (syntax.getHost() == null || syntax.getHost().isBlank()) {
      throw new InvalidRequestException(field, shown, "has no host");
    }
    try {
      return RedisURI.create(uri);
    } catch (RuntimeException e) {
      // Lettuce's reason helps (an unknown option value, say), unless it could echo the password.
      String detail = e.getMessage();
      boolean safe = detail != null && !detail.contains("@") && !detail.contains("//")
          && Redaction.secretsIn(uri).stream().noneMatch(detail::contains);
      throw new InvalidRequestException(field, shown, "is not a valid Redis URI" + (safe ? ": " + detail : ""));
    }
  }

  private static String describe(RedisURI u) {
    return u.getHost() + ":" + u.getPort() + (u.isSsl() ? " (TLS)" : "");
  }
}
