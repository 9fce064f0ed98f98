package io.github.corebanking.ledger.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.contract.LedgerStoreContract;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against PostgreSQL, each test in a fresh schema dropped afterwards. */
class PostgresLedgerStoreContractTest extends LedgerStoreContract {

  private static HikariDataSource dataSource;
  private static final Map<LedgerStore, String> SCHEMAS = new ConcurrentHashMap<>();

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("contract", 8);
  }

  @AfterAll
  static void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @Override
  protected LedgerStore newStore() {
    String schema = TestServices.freshSchemaName("contract");
    PostgresLedgerSchema.migrate(dataSource, schema);
    PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema)
        .lockTimeout(Duration.ofSeconds(5)).statementTimeout(Duration.ofSeconds(30)).build();
    SCHEMAS.put(store, schema);
    return store;
  }

  @Override
  protected void releaseStore(LedgerStore store) {
    try {
      store.close();
    } finally {
      String schema = SCHEMAS.remove(store);
      if (schema != null) {
        PgTestSupport.drop(schema);
      }
    }
  }
}
