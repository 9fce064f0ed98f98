package io.github.corebanking.ledger.testkit.services;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the PostgreSQL, Redis and RabbitMQ servers that tests run against.
 *
 * <p>Addresses come from the environment (or system properties of the same name):
 * <ul>
 *   <li>{@code LEDGER_TEST_JDBC_URL}, such as {@code jdbc:postgresql://127.0.0.1:5432/test?user=root};</li>
 *   <li>{@code LEDGER_TEST_REDIS_URL}, such as {@code redis://127.0.0.1:6379};</li>
 *   <li>{@code LEDGER_TEST_AMQP_URL}, such as {@code amqp://guest:guest@127.0.0.1:5672/%2F}.</li>
 * </ul>
 * Without them, a server is started with Testcontainers when it and Docker are available. When
 * neither works, the test is skipped, or fails when {@code LEDGER_REQUIRE_SERVICES=true}: CI sets
 * that, so a missing server can never pass silently.
 */
public final class TestServices {

  /** Variable holding the PostgreSQL JDBC URL. */
  public static final String JDBC_URL = "LEDGER_TEST_JDBC_URL";
  /** Variable holding the Redis URL. */
  public static final String REDIS_URL = "LEDGER_TEST_REDIS_URL";
  /** Variable holding the RabbitMQ (AMQP 0-9-1) URL. */
  public static final String AMQP_URL = "LEDGER_TEST_AMQP_URL";
  /** Variable that turns a missing server into a failure. */
  public static final String REQUIRE = "LEDGER_REQUIRE_SERVICES";

  private static volatile @Nullable String containerJdbcUrl;
  private static volatile @Nullable String containerRedisUrl;
  private static volatile @Nullable String containerAmqpUrl;

  private TestServices() {}

  /**
   * The PostgreSQL JDBC URL, skipping (or failing, under {@code LEDGER_REQUIRE_SERVICES=true}) the
   * calling test when there is none.
   *
   * @return the URL, with user and password as query parameters when needed
   */
  public static String postgresJdbcUrl() {
    Optional<String> url = setting(JDBC_URL).or(TestServices::startPostgresContainer);
    return require(url, "PostgreSQL", JDBC_URL);
  }

  /**
   * The Redis URL, skipping (or failing) the calling test when there is none.
   *
   * @return the URL, such as {@code redis://127.0.0.1:6379}
   */
  public static String redisUrl() {
    Optional<String> url = setting(REDIS_URL).or(TestServices::startRedisContainer);
    return require(url, "Redis", REDIS_URL);
  }

  /**
   * The RabbitMQ URL, skipping (or failing) the calling test when there is none.
   *
   * @return the URL, such as {@code amqp://guest:guest@127.0.0.1:5672/%2F}
   */
  public static String amqpUrl() {
    Optional<String> url = setting(AMQP_URL).or(TestServices::startRabbitMqContainer);
    return require(url, "RabbitMQ", AMQP_URL);
  }

  /** @return whether missing services fail tests instead of skipping them */
  public static boolean servicesRequired() {
    return setting(REQUIRE).map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> v.equals("true") || v.equals("1"))
        .isPresent();
  }

  /**
   * A fresh schema name for one test class: {@code prefix_} and random hex, valid for the ledger's
   * schema rules.
   *
   * @param prefix lower-case letters, such as {@code "contract"}
   * @return the name
   */
  public static String freshSchemaName(String prefix) {
    return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  /**
   * Drops a schema and everything in it; used after a test class.
   *
   * @param jdbcUrl the server
   * @param schema  the schema, as made by {@link #freshSchemaName}
   */
  public static void dropSchema(String jdbcUrl, String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop schema " + schema + ": " + e.getMessage(), e);
    }
  }

  private static String require(Optional<String> url, String service, String variable) {
    if (url.isPresent()) {
      return url.get();
    }
    String message = service + " is not available: set " + variable
        + " (or run where Docker and Testcontainers can start one)";
    if (servicesRequired()) {
      Assertions.fail(message + "; " + REQUIRE + "=true makes this a failure");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static Optional<String> setting(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static synchronized Optional<String> startPostgresContainer() {
    if (containerJdbcUrl == null) {
      containerJdbcUrl = Containers.postgres().orElse(null);
    }
    return Optional.ofNullable(containerJdbcUrl);
  }

  private static synchronized Optional<String> startRedisContainer() {
    if (containerRedisUrl == null) {
      containerRedisUrl = Containers.redis().orElse(null);
    }
    return Optional.ofNullable(containerRedisUrl);
  }

  private static synchronized Optional<String> startRabbitMqContainer() {
    if (containerAmqpUrl == null) {
      containerAmqpUrl = Containers.rabbitMq().orElse(null);
    }
    return Optional.ofNullable(containerAmqpUrl);
  }

  /**
   * Host and port of a Redis URL.
   *
   * @param redisUrl such as {@code redis://127.0.0.1:6379}
   * @return the parsed URI
   */
  public static URI parse(String redisUrl) {
    return URI.create(redisUrl);
  }
}
