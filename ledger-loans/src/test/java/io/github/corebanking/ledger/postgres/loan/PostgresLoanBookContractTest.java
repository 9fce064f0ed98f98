package io.github.corebanking.ledger.postgres.loan;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.postgres.PostgresLedgerSchema;
import io.github.corebanking.ledger.postgres.PostgresLedgerStore;
import io.github.corebanking.ledger.testkit.loan.LoanBookContract;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The loan book contract on PostgreSQL, each test in a fresh schema dropped afterwards; subclasses
 * build the schemas another way ({@link #buildSchema}).
 */
class PostgresLoanBookContractTest extends LoanBookContract {

  private static HikariDataSource dataSource;
  private static final Map<LoanStores, String> SCHEMAS = new ConcurrentHashMap<>();

  @BeforeAll
  static void openPool() {
    dataSource = LoanPg.pool("loan-contract", 8);
  }

  @AfterAll
  static void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  /**
   * Builds one test's schema, the ledger's tables and the loans'; here with the library's own migrate.
   *
   * @param ds     the database
   * @param schema a fresh schema name
   */
  protected void buildSchema(DataSource ds, String schema) throws Exception {
    PostgresLedgerSchema.migrate(ds, schema);
  }

  @Override
  protected LoanStores newStores() {
    String schema = TestServices.freshSchemaName("loans");
    try {
      buildSchema(dataSource, schema);
    } catch (Exception e) {
      throw new IllegalStateException("could not build schema " + schema, e);
    }
    LoanStores stores = new LoanStores(
        PostgresLedgerStore.builder(dataSource).schema(schema).lockTimeout(Duration.ofSeconds(5)).build(),
        PostgresLoanStore.builder(dataSource).schema(schema).lockTimeout(Duration.ofSeconds(5)).build());
    SCHEMAS.put(stores, schema);
    return stores;
  }

  @Override
  protected void releaseStores(LoanStores stores) {
    try {
      stores.ledgerStore().close();
    } finally {
      String schema = SCHEMAS.remove(stores);
      if (schema != null) {
        LoanPg.drop(schema);
      }
    }
  }

  @Override
  protected void refreshAgingSnapshot(LoanStores stores, Clock clock) {
    RefreshLoanAgingJob job = RefreshLoanAgingJob.builder(dataSource).schema(SCHEMAS.get(stores)).clock(clock).build();
    assertThat(job.run().status()).isEqualTo(JobStatus.SUCCEEDED);
  }
}
