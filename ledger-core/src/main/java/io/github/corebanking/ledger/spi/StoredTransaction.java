package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.internal.Checks;

/**
 * A transaction as a store keeps it: with the digest of the request that created it, which tells
 * a replay of that request from a conflicting reuse of its key.
 *
 * @param transaction the transaction with its entries and reversal links
 * @param requestHash the digest of the creating request ({@link StorePosting.NewTransaction#requestHash()})
 */
public record StoredTransaction(Transaction transaction, String requestHash) {

  /** Checks the fields. */
  public StoredTransaction {
    Checks.notNull(transaction, "transaction");
    Checks.notNull(requestHash, "requestHash");
  }
}
