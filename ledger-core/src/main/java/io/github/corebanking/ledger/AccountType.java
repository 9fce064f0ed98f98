package io.github.corebanking.ledger;

/** The five account classes of a chart of accounts, each with its normal side. */
public enum AccountType {
  /** What the bank owns or is owed: cash, loans receivable. Normal side debit. */
  ASSET(Side.DEBIT),
  /** What the bank owes: customer deposits, borrowings. Normal side credit. */
  LIABILITY(Side.CREDIT),
  /** Owners' stake: share capital, retained earnings. Normal side credit. */
  EQUITY(Side.CREDIT),
  /** Income: interest income, fee income. Normal side credit. */
  REVENUE(Side.CREDIT),
  /** Costs: interest expense, provisions. Normal side debit. */
  EXPENSE(Side.DEBIT);

  private final Side normalSide;

  AccountType(Side normalSide) {
    this.normalSide = normalSide;
  }

  /** @return the side on which the account's balance increases */
  public Side normalSide() {
    return normalSide;
  }
}
