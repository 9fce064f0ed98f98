package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.micrometer.LedgerMetrics;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * Where the operations examples find their ledger: {@code LEDGER_JDBC_URL} (required),
 * {@code LEDGER_SCHEMA} (default {@code ledger}), {@code LEDGER_ZONE} (the bank's zone, default
 * {@code UTC}) and {@code LEDGER_REDIS_URL} (optional).
 *
 * @param jdbcUrl  the PostgreSQL JDBC URL
 * @param schema   the ledger's schema
 * @param zone     the bank's zone
 * @param redisUrl the Redis URL, or empty for none
 */
record Settings(String jdbcUrl, String schema, ZoneId zone, String redisUrl) {

  Settings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    PostgresLedgerSchema.validateSchemaName(schema);
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(redisUrl, "redisUrl");
  }

  static Settings fromEnvironment(Map<String, String> env) {
    String url = env.get("LEDGER_JDBC_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "set LEDGER_JDBC_URL, for example jdbc:postgresql://127.0.0.1:5432/test?user=root");
    }
    return new Settings(url, env.getOrDefault("LEDGER_SCHEMA", "ledger"),
        ZoneId.of(env.getOrDefault("LEDGER_ZONE", "UTC")), env.getOrDefault("LEDGER_REDIS_URL", ""));
  }

  /** Migrates the schema (idempotent) and starts a node on it. */
  LedgerNode startNode(String name, Clock clock, LedgerMetrics metrics) {
    try (com.zaxxer.hikari.HikariDataSource migrations = new com.zaxxer.hikari.HikariDataSource(migrationConfig())) {
      LedgerNode.migrate(migrations, schema);
    }
    return LedgerNode.start(name, jdbcUrl, schema, clock, zone, metrics);
  }

  private com.zaxxer.hikari.HikariConfig migrationConfig() {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setPoolName("ledger-migrations");
    return config;
  }
}
