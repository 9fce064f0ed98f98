package io.github.corebanking.ledger.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.testkit.services.TestServices;

/** A small connection pool on the test server, shared by a test class. */
final class PgTestSupport {

  private PgTestSupport() {}

  static HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.postgresJdbcUrl());
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  static void drop(String schema) {
    TestServices.dropSchema(TestServices.postgresJdbcUrl(), schema);
  }
}
