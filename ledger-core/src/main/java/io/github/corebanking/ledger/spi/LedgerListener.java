package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.MonitorAlert;
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

  /**
   * A balance monitor fired. Called by the {@link io.github.corebanking.ledger.job.BalanceMonitorJob}
   * on its thread, after the alert is recorded, once per alert it recorded; an alert recorded by a
   * run that stopped before telling (a crash) is not told again, so a consumer that must see every
   * alert reads {@link io.github.corebanking.ledger.Ledger#monitorAlerts} instead.
   *
   * @param alert the alert as recorded, with its position in the alert feed
   */
  default void onMonitorFired(MonitorAlert alert) {}
}
