package io.github.corebanking.ledger.examples.ops;

import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.ZoneId;

/** A fresh schema name on the test server for one test class, and its settings; dropped by {@link #close()}. */
final class OpsSchema implements AutoCloseable {

  final String jdbcUrl = TestServices.postgresJdbcUrl();
  final String schema;

  OpsSchema(String prefix) {
    this.schema = TestServices.freshSchemaName(prefix);
  }

  Settings settings() {
    return new Settings(jdbcUrl, schema, ZoneId.of("UTC"), "");
  }

  Settings settings(ZoneId zone, String redisUrl) {
    return new Settings(jdbcUrl, schema, zone, redisUrl);
  }

  @Override
  public void close() {
    TestServices.dropSchema(jdbcUrl, schema);
  }
}
