package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.spi.LedgerStore;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;

/** Two ledgers sharing Redis and one in-memory store. */
class TwoLedgersSharingRedisInMemoryTest extends TwoLedgersSharingRedisContract {

  @Override
  protected LedgerStore newStore() {
    return new InMemoryLedgerStore();
  }

  @Override
  protected String name() {
    return "twoledgers-mem";
  }
}
