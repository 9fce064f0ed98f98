package io.github.corebanking.ledger.postgres;

import javax.sql.DataSource;

/** The store contract, unchanged, on schemas built by the user's Liquibase from the shipped change log. */
class LiquibaseBuiltStoreContractTest extends PostgresLedgerStoreContractTest {

  @Override
  protected void buildSchema(DataSource ds, String schema) throws Exception {
    UserMigrationTools.liquibase(ds, schema, UserMigrationTools.LEDGER_CHANGELOG);
  }
}
