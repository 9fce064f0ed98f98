package io.github.corebanking.ledger.examples.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.corebanking.ledger.health.ComponentHealth;
import io.github.corebanking.ledger.health.HealthReport;
import io.github.corebanking.ledger.health.HealthStatus;
import io.github.corebanking.ledger.health.LedgerHealth;
import io.github.corebanking.ledger.micrometer.HealthMetrics;
import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.micrometer.postgres.PostgresLedgerMetrics;
import io.github.corebanking.ledger.micrometer.redis.RedisCacheMetrics;
import io.github.corebanking.ledger.postgres.diagnostics.PostgresHealthChecks;
import io.github.corebanking.ledger.redis.RedisBalanceCache;
import io.github.corebanking.ledger.redis.RedisCacheHealthCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A health endpoint a load balancer can poll: {@code GET /health} answers 200 with the report as
 * JSON while the ledger is UP or DEGRADED, and 503 when it is DOWN (take the node out of
 * rotation). The report is cached for five seconds, so a load balancer polling every node every
 * second costs the database one round of checks per node per five seconds.
 *
 * <pre>
 * LEDGER_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=root' LEDGER_REDIS_URL=redis://127.0.0.1:6379 \
 *   java ... io.github.corebanking.ledger.examples.ops.HealthEndpointExample 8081
 * curl -i http://127.0.0.1:8081/health
 * </pre>
 */
public final class HealthEndpointExample implements AutoCloseable {

  private final LedgerNode node;
  private final @Nullable RedisBalanceCache cache;
  private final LedgerHealth health;
  private final HttpServer server;

  private HealthEndpointExample(LedgerNode node, @Nullable RedisBalanceCache cache, LedgerHealth health,
      HttpServer server) {
    this.node = node;
    this.cache = cache;
    this.health = health;
    this.server = server;
  }

  /**
   * Runs the endpoint until stopped.
   *
   * @param args the port, default 8081
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    HealthEndpointExample endpoint = start(Settings.fromEnvironment(System.getenv()), Clock.systemUTC(), port);
    System.out.println("GET http://127.0.0.1:" + endpoint.port() + "/health");
    new java.util.concurrent.CountDownLatch(1).await();
  }

  /**
   * Starts a node, its health and the HTTP endpoint on 127.0.0.1.
   *
   * @param settings where the ledger (and Redis, when set) is
   * @param clock    the node's clock
   * @param port     the port, 0 for any free one
   * @return the running endpoint
   * @throws IOException when the port cannot be bound
   */
  static HealthEndpointExample start(Settings settings, Clock clock, int port) throws IOException {
    LedgerNode node = settings.startNode("health", clock, LedgerMetrics.of(new SimpleMeterRegistry()));
    RedisBalanceCache cache = null;
    // The health of the ledger: PostgreSQL's five checks, and the Redis cache as non-essential.
    LedgerHealth.Builder builder = PostgresHealthChecks.builder(node.diagnostics).build()
        .register(LedgerHealth.builder())
        .timeout(Duration.ofSeconds(2))
        .cacheFor(Duration.ofSeconds(5))
        .clock(clock);
    if (!settings.redisUrl().isEmpty()) {
      cache = RedisBalanceCache.builder().redisUri(settings.redisUrl()).keyPrefix("ledger:" + settings.schema() + ":")
          .commandTimeout(Duration.ofMillis(100)).build();
      builder.nonEssential("redis", RedisCacheHealthCheck.of(cache));
    }
    LedgerHealth health = builder.build();
    // Gauges for dashboards and alerts, cached so that a scrape costs no more than one round a minute.
    MeterRegistry registry = node.metrics.registry();
    Tags tags = Tags.of("ledger", settings.schema());
    PostgresLedgerMetrics.bind(node.diagnostics, registry, tags, Duration.ofMinutes(1));
    HealthMetrics.bind(health, registry, tags, Duration.ofSeconds(15));
    if (cache != null) {
      RedisCacheMetrics.bind(cache, registry, tags);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/health", exchange -> answer(exchange, health.check()));
    server.start();
    return new HealthEndpointExample(node, cache, health, server);
  }

  /** @return the port the endpoint listens on */
  int port() {
    return server.getAddress().getPort();
  }

  /** @return the node behind the endpoint */
  LedgerNode node() {
    return node;
  }

  private static void answer(HttpExchange exchange, HealthReport report) throws IOException {
    byte[] body = json(report).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(report.status() == HealthStatus.DOWN ? 503 : 200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * The report as JSON: status, checkedAt, and each component's status, message and details.
   *
   * @param report the report
   * @return the JSON text
   */
  static String json(HealthReport report) {
    String components = report.components().stream().map(HealthEndpointExample::json)
        .collect(Collectors.joining(","));
    return "{\"status\":\"" + report.status() + "\",\"checkedAt\":\"" + report.checkedAt() + "\",\"tookMs\":"
        + report.took().toMillis() + ",\"components\":{" + components + "}}";
  }

  private static String json(ComponentHealth c) {
    String details = c.details().entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(","));
    return quote(c.name()) + ":{\"status\":\"" + c.status() + "\",\"essential\":" + c.essential() + ",\"message\":"
        + quote(c.message()) + ",\"details\":{" + details + "}}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  @Override
  public void close() {
    server.stop(0);
    health.close();
    if (cache != null) {
      cache.close();
    }
    node.close();
  }
}
