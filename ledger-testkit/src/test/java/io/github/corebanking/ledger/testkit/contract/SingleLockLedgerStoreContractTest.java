package io.github.corebanking.ledger.testkit.contract;

import io.github.corebanking.ledger.spi.LedgerStore;

/**
 * Runs the store contract against {@link SingleLockLedgerStore}, a store built from the SPI and
 * the planner alone: a store of a user's own passes the same suite, unchanged.
 */
class SingleLockLedgerStoreContractTest extends LedgerStoreContract {

  @Override
  protected LedgerStore newStore() {
    return new SingleLockLedgerStore();
  }
}
