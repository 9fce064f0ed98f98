package io.github.corebanking.ledger.postgres.loan;

import javax.sql.DataSource;

/** The loan book contract, unchanged, on schemas built by one Flyway run over the ledger's and the loans' scripts. */
class FlywayBuiltLoanBookContractTest extends PostgresLoanBookContractTest {

  @Override
  protected void buildSchema(DataSource ds, String schema) {
    LoanUserTools.flyway(ds, schema);
  }
}
