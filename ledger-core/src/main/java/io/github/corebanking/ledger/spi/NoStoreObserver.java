package io.github.corebanking.ledger.spi;

/** The observer that ignores everything. */
enum NoStoreObserver implements StoreObserver {
  INSTANCE
}
