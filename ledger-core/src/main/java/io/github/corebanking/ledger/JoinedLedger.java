package io.github.corebanking.ledger;

import java.util.List;

/**
 * The ledger's postings inside a database transaction the caller owns ({@link Ledger#joining}):
 * the same validation, idempotency, typed errors and lock order as {@link Ledger#post} and the
 * others, but nothing is committed by the ledger. The postings become visible when the caller
 * commits, and vanish when it rolls back; the balance cache and listeners hear of them only after
 * the caller's commit.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection()) {
 *   c.setAutoCommit(false);
 *   PostgresCallerTransaction tx = store.join(c);
 *   JoinedLedger books = ledger.joining(tx);
 *   updateLoanRow(c, loanId, "DISBURSED");
 *   books.post(disbursement);
 *   c.commit();
 *   tx.committed();                         // now the cache and listeners learn of it
 * }
 * }</pre>
 *
 * <p>A rejected request writes nothing and leaves the caller's transaction usable. A failure of
 * the database (a deadlock, a serialization failure under REPEATABLE READ) is thrown typed as
 * usual; the caller then rolls back and retries the whole transaction.
 */
public interface JoinedLedger {

  /**
   * {@link Ledger#post} in the caller's transaction.
   *
   * @param request the posting
   * @return the transaction as the caller's transaction holds it
   */
  Transaction post(PostingRequest request);

  /**
   * {@link Ledger#postAll} in the caller's transaction.
   *
   * @param requests the postings
   * @return one transaction per request, in order
   */
  List<Transaction> postAll(List<PostingRequest> requests);

  /**
   * {@link Ledger#commit(TransactionId)} in the caller's transaction.
   *
   * @param pendingId the hold
   * @return the transaction, POSTED
   */
  Transaction commit(TransactionId pendingId);

  /**
   * {@link Ledger#commit(TransactionId, Money)} in the caller's transaction.
   *
   * @param pendingId the hold
   * @param amount    the amount to post, at most the held amount
   * @return the transaction, POSTED
   */
  Transaction commit(TransactionId pendingId, Money amount);

  /**
   * {@link Ledger#voidPending} in the caller's transaction.
   *
   * @param pendingId the hold
   * @return the transaction, VOIDED
   */
  Transaction voidPending(TransactionId pendingId);

  /**
   * {@link Ledger#reverse(TransactionId)} in the caller's transaction.
   *
   * @param id the posted transaction
   * @return the reversing transaction
   */
  Transaction reverse(TransactionId id);

  /**
   * {@link Ledger#reverse(TransactionId, String, String)} in the caller's transaction.
   *
   * @param id             the posted transaction
   * @param idempotencyKey the reversal's key
   * @param description    the reversal's description
   * @return the reversing transaction
   */
  Transaction reverse(TransactionId id, String idempotencyKey, String description);

  /**
   * An account's balance as the caller's transaction sees it (its own postings included), read
   * from the store, never from or into the balance cache.
   *
   * @param id the account
   * @return the balance
   */
  Balance balance(AccountId id);

  /**
   * A transaction as the caller's transaction sees it.
   *
   * @param id the transaction
   * @return it, if it exists
   */
  java.util.Optional<Transaction> transaction(TransactionId id);
}
