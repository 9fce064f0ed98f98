package io.github.corebanking.ledger;

/**
 * What a {@link BalanceMonitor} watches: one account ({@link OfAccount}), or a category of accounts
 * ({@link OfCategory}), whose balance is the sum of every account of its subtree, each counted
 * once, in the threshold's currency, as {@link Ledger#categoryBalance} reads it. The type is
 * sealed: code that handles targets is told by the compiler when a kind is added.
 */
public sealed interface MonitorTarget permits MonitorTarget.OfAccount, MonitorTarget.OfCategory {

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
   * A target of a category: the accounts of its subtree, each counted once.
   *
   * @param categoryId the category
   * @return the target
   * @throws InvalidRequestException naming {@code monitor.categoryId} when null
   */
  static MonitorTarget category(CategoryId categoryId) {
    return new OfCategory(categoryId);
  }

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

  /**
   * A category's balance in the threshold's currency: the counters of the accounts of its subtree in
   * that currency summed, read on the category's normal side (zero while it holds none).
   *
   * @param categoryId the category
   */
  record OfCategory(CategoryId categoryId) implements MonitorTarget {

    /** Checks the category. */
    public OfCategory {
      if (categoryId == null) {
        throw new InvalidRequestException("monitor.categoryId", null, "must not be null");
      }
    }
  }
}
