package io.github.corebanking.ledger.testkit.contract;

import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;

/** Runs the store contract against {@link InMemoryLedgerStore}. */
class InMemoryLedgerStoreContractTest extends LedgerStoreContract {

  @Override
  protected LedgerStore newStore() {
    return new InMemoryLedgerStore();
  }
}
