/**
 * The store contract suite: {@link io.github.corebanking.ledger.testkit.contract.LedgerStoreContract},
 * the behaviour every {@link io.github.corebanking.ledger.spi.LedgerStore} must show. A store is
 * correct when a test class extending it, unchanged, passes.
 */
@NullMarked
package io.github.corebanking.ledger.testkit.contract;

import org.jspecify.annotations.NullMarked;
