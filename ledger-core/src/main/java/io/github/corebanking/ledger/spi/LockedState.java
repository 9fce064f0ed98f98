package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.TransactionId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a store has locked and read for a batch of postings, as {@link PostingPlanner#plan} sees it.
 * Read-only; the planner never changes it.
 *
 * <p>Before building it, the store holds (for the rest of its database transaction, or until it
 * has written):
 * <ul>
 *   <li>the locks of every account of {@link PostingPlanner#accountsToLock}, taken in ascending
 *       {@link AccountId} order;</li>
 *   <li>whatever makes {@link #byKey} stable for the batch's idempotency keys (a key lock, a
 *       claim, a unique index that will reject a duplicate at commit);</li>
 * </ul>
 * and reads, under those locks, the accounts, their balances and the postings' targets. A
 * transaction's entries and status only change in a posting that locks all of its accounts, so the
 * targets read under the locks cannot change before the store writes. The date the books are
 * closed through ({@link #closedThrough()}) is read under a lock that closing a period waits for,
 * so no period closes while the batch is planned and written.
 */
public interface LockedState {

  /**
   * @param id an account of the batch
   * @return the account as locked, or empty when it does not exist
   */
  Optional<Account> account(AccountId id);

  /**
   * @param id an account that {@link #account} found
   * @return its balance as locked
   */
  Balance balance(AccountId id);

  /**
   * @param id an account that {@link #account} found
   * @return the {@link io.github.corebanking.ledger.Entry#hash() hash} of its latest entry as locked
   *     (the link its next entry chains to), or null when it has none with a hash (then the next one
   *     chains to the genesis value)
   */
  @Nullable String lastEntryHash(AccountId id);

  /**
   * @param idempotencyKey a key of the batch
   * @return the transaction already stored under it, if any
   */
  Optional<StoredTransaction> byKey(String idempotencyKey);

  /**
   * @param id the target of a posting of the batch ({@link StorePosting#target()})
   * @return the transaction as stored, if it exists
   */
  Optional<StoredTransaction> transaction(TransactionId id);

  /**
   * @return the last value date of the closed periods (the latest standing
   *     {@link io.github.corebanking.ledger.PeriodClosure}), or empty when none is closed
   */
  default Optional<LocalDate> closedThrough() {
    return Optional.empty();
  }

  /**
   * @return the booking instant of the latest imported posting ({@link HistoryImport#bookedThrough()}),
   *     read under the lock imports take, while the store has not yet seen the ledger live; null when
   *     nothing was imported or no import can commit any more. A posting booked at or before it is
   *     refused, so that no live entry lands before imported history.
   */
  default @Nullable Instant importedThrough() {
    return null;
  }
}
