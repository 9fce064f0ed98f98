package io.github.corebanking.ledger.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerBuilder;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the examples' ledger from the environment:
 * <ul>
 *   <li>in memory by default;</li>
 *   <li>on PostgreSQL when {@code LEDGER_JDBC_URL} is set, in the schema {@code LEDGER_SCHEMA}
 *       (default: a fresh {@code ledger_example_*} schema, dropped at the end unless
 *       {@code LEDGER_KEEP_SCHEMA=true});</li>
 *   <li>with the Redis balance cache when {@code LEDGER_REDIS_URL} is set.</li>
 * </ul>
 */
final class ExampleLedger implements AutoCloseable {

  private final Ledger ledger;
  private final LedgerStore store;
  private final String description;
  private final List<AutoCloseable> resources;

  private ExampleLedger(Ledger ledger, LedgerStore store, String description, List<AutoCloseable> resources) {
    this.ledger = ledger;
    this.store = store;
    this.description = description;
    this.resources = resources;
  }

  static ExampleLedger fromEnvironment(Map<String, String> env) {
    List<AutoCloseable> resources = new ArrayList<>();
    LedgerBuilder builder = Ledger.builder();
    LedgerStore store;
    StringBuilder description = new StringBuilder();
    String jdbcUrl = env.get("LEDGER_JDBC_URL");
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      store = new InMemoryLedgerStore();
      description.append("the in-memory store");
    } else {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);
      config.setMaximumPoolSize(8);
      config.setPoolName("ledger-example");
      HikariDataSource dataSource = new HikariDataSource(config);
      String schema = env.getOrDefault("LEDGER_SCHEMA",
          "ledger_example_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
      boolean keep = env.containsKey("LEDGER_SCHEMA")
          || "true".equals(env.getOrDefault("LEDGER_KEEP_SCHEMA", "").toLowerCase(Locale.ROOT));
      resources.add(dataSource);
      if (!keep) {
        resources.add(() -> dropSchema(dataSource, schema));
      }
      PostgresLedgerSchema.migrate(dataSource, schema);
      PostgresLedgerStore pg = PostgresLedgerStore.builder(dataSource).schema(schema).build();
      resources.add(pg);
      store = pg;
      description.append("PostgreSQL, schema ").append(schema).append(keep ? " (kept)" : " (dropped at the end)");
    }
    builder.store(store);
    RedisSupport.configure(env, builder, resources, description);
    return new ExampleLedger(builder.build(), store, description.toString(), resources);
  }

  private static void dropSchema(HikariDataSource dataSource, String schema) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + PostgresLedgerSchema.quotedSchema(schema) + " CASCADE");
    }
  }

  Ledger ledger() {
    return ledger;
  }

  LedgerStore store() {
    return store;
  }

  String description() {
    return description;
  }

  @Override
  public void close() {
    ledger.close();
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println("closing a resource failed: " + e.getMessage());
      }
    }
  }
}
