package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Transaction;
import java.util.List;

/**
 * Told after a change commits: for outboxes, notifications and metrics. Called on the caller's
 * thread; an exception is logged and never undoes or fails the committed change. Replays are not
 * reported.
 */
public interface LedgerListener {

  /**
   * A transaction was booked, committed, voided or reversed.
   *
   * @param transaction   the transaction as stored
   * @param balancesAfter the touched accounts' balances right after
   */
  default void onTransaction(Transaction transaction, List<Balance> balancesAfter) {}

  /**
   * An account was opened or changed status.
   *
   * @param account the account as stored
   */
  default void onAccount(Account account) {}

  /**
   * A request was rejected; nothing was written.
   *
   * @param operation what was attempted, such as {@code "post"}
   * @param error     the typed exception that the caller receives
   */
  default void onRejected(String operation, RuntimeException error) {}
}
