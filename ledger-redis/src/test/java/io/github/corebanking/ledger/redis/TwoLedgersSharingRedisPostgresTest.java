package io.github.corebanking.ledger.redis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.services.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two ledgers sharing Redis and one PostgreSQL schema, each through its own connection pool and
 * store, as two processes would. A fresh schema per test, dropped after.
 */
class TwoLedgersSharingRedisPostgresTest extends TwoLedgersSharingRedisContract {

  private static String jdbcUrl;
  private static HikariDataSource poolA;
  private static HikariDataSource poolB;
  private String schema;

  @BeforeAll
  static void openPools() {
    jdbcUrl = TestServices.postgresJdbcUrl();
    poolA = pool("a");
    poolB = pool("b");
  }

  private static HikariDataSource pool(String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(6);
    config.setPoolName("redis-two-ledgers-" + name);
    return new HikariDataSource(config);
  }

  @AfterAll
  static void closePools() {
    if (poolA != null) {
      poolA.close();
    }
    if (poolB != null) {
      poolB.close();
    }
  }

  @Override
  protected LedgerStore newStore() {
    schema = TestServices.freshSchemaName("redis_two");
    PostgresLedgerSchema.migrate(poolA, schema);
    return PostgresLedgerStore.builder(poolA).schema(schema).build();
  }

  @Override
  protected LedgerStore secondStore(LedgerStore first) {
    return PostgresLedgerStore.builder(poolB).schema(schema).build();
  }

  @Override
  protected void afterStores() {
    if (schema != null) {
      TestServices.dropSchema(jdbcUrl, schema);
    }
  }

  @Override
  protected String name() {
    return "twoledgers-pg";
  }
}
