package io.github.corebanking.ledger.postgres;

import javax.sql.DataSource;

/** The store contract, unchanged, on schemas built by the user's Flyway from the shipped scripts. */
class FlywayBuiltStoreContractTest extends PostgresLedgerStoreContractTest {

  @Override
  protected void buildSchema(DataSource ds, String schema) {
    UserMigrationTools.flyway(ds, schema, UserMigrationTools.LEDGER_LOCATION);
  }
}
