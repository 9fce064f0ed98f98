package io.github.corebanking.ledger.testkit.loan;

import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;

/** The in-memory loan store passes the loan book contract. */
class InMemoryLoanBookContractTest extends LoanBookContract {

  @Override
  protected LoanStores newStores() {
    return new LoanStores(new InMemoryLedgerStore(), new InMemoryLoanStore());
  }
}
