package io.github.corebanking.ledger;

/**
 * What a {@link BalanceMonitor} watches. Today one account; the type is sealed so that further
 * kinds of target (a category of accounts) are added here, and a {@code switch} over a target is
 * told by the compiler when one is.
 */
public sealed interface MonitorTarget permits MonitorTarget.OfAccount {

  /**
   * A target of one account.
   *
   * @param accountId the account
   * @return the target
   * @throws InvalidRequestException naming {@code monitor.accountId} when null
   */
  static MonitorTarget account(AccountId accountId) {
    return new OfAccount(accountId);
  }

  /**
   * The accounts whose balances decide the monitor's condition.
   *
   * @return the account of an {@link OfAccount} target
   */
  AccountId accountId();

  /**
   * One account's balance.
   *
   * @param accountId the account
   */
  record OfAccount(AccountId accountId) implements MonitorTarget {

    /** Checks the account. */
    public OfAccount {
      if (accountId == null) {
        throw new InvalidRequestException("monitor.accountId", null, "must not be null");
      }
    }
  }
}
