package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;

/**
 * One line of a {@link PostingRequest}: debit or credit an amount to an account.
 *
 * @param accountId the account
 * @param side      debit or credit
 * @param amount    a positive amount in the account's currency
 */
public record EntryRequest(AccountId accountId, Side side, Money amount) {

  /** Checks the fields; the amount must be positive. */
  public EntryRequest {
    Checks.notNull(accountId, "entry.accountId");
    Checks.notNull(side, "entry.side");
    Checks.notNull(amount, "entry.amount");
    if (!amount.isPositive()) {
      throw new InvalidAmountException("entry.amount", amount, "must be greater than zero");
    }
  }

  /**
   * A debit line.
   *
   * @param accountId the account
   * @param amount    positive amount
   * @return the line
   */
  public static EntryRequest debit(AccountId accountId, Money amount) {
    return new EntryRequest(accountId, Side.DEBIT, amount);
  }

  /**
   * A credit line.
   *
   * @param accountId the account
   * @param amount    positive amount
   * @return the line
   */
  public static EntryRequest credit(AccountId accountId, Money amount) {
    return new EntryRequest(accountId, Side.CREDIT, amount);
  }
}
