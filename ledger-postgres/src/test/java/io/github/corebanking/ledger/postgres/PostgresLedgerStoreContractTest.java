package io.github.corebanking.ledger.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.contract.LedgerStoreContract;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against PostgreSQL, each test in a fresh schema dropped afterwards. The next
 * test's schema is migrated, and the last one dropped, on a background thread while a test runs.
 * Subclasses build the schemas another way ({@link #buildSchema}: the user's Flyway, Liquibase).
 */
class PostgresLedgerStoreContractTest extends LedgerStoreContract {

  private static HikariDataSource dataSource;
  private static ExecutorService background;
  private static Future<String> nextSchema;
  private static final Map<LedgerStore, String> SCHEMAS = new ConcurrentHashMap<>();

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("contract", 10);
    background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "contract-schemas");
      t.setDaemon(true);
      return t;
    });
    nextSchema = null;
  }

  @AfterAll
  static void closePool() throws Exception {
    try {
      if (nextSchema != null) {
        String unused = nextSchema.get(60, TimeUnit.SECONDS);
        background.submit(() -> PgTestSupport.drop(unused));
      }
      background.shutdown();
      background.awaitTermination(60, TimeUnit.SECONDS);
    } finally {
      dataSource.close();
    }
  }

  /** @return the pool every test's store uses, for subclasses that wrap the store */
  protected static DataSource dataSource() {
    return dataSource;
  }

  /** A schema builder, as a subclass builds them. */
  interface SchemaBuilder {
    void build(DataSource dataSource, String schema) throws Exception;
  }

  /**
   * Builds one test's schema; here with the library's own migrate.
   *
   * @param ds     the database
   * @param schema a fresh schema name
   */
  protected void buildSchema(DataSource ds, String schema) throws Exception {
    PostgresLedgerSchema.migrate(ds, schema);
  }

  private static String migrated(SchemaBuilder builder) throws Exception {
    String schema = TestServices.freshSchemaName("contract");
    builder.build(dataSource, schema);
    return schema;
  }

  @Override
  protected LedgerStore newStore() {
    SchemaBuilder builder = this::buildSchema;
    if (nextSchema == null) {
      nextSchema = background.submit(() -> migrated(builder));
    }
    String schema;
    try {
      schema = nextSchema.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not prepare a schema", e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("could not prepare a schema", e);
    }
    nextSchema = background.submit(() -> migrated(builder));
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
        background.submit(() -> PgTestSupport.drop(schema));
      }
    }
  }
}
