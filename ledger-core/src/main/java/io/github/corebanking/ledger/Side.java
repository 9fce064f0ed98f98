package io.github.corebanking.ledger;

/** The side of an entry: debit or credit. */
public enum Side {
  /** Left side: increases assets and expenses. */
  DEBIT,
  /** Right side: increases liabilities, equity and revenue. */
  CREDIT;

  /** @return the other side */
  public Side opposite() {
    return this == DEBIT ? CREDIT : DEBIT;
  }
}
