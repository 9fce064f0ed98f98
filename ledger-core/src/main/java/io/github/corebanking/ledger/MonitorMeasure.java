package io.github.corebanking.ledger;

/**
 * Which figure of a {@link Balance} (or of a {@link CategoryBalance.Line}, for a category target) a
 * {@link BalanceMonitor} compares with its threshold.
 */
public enum MonitorMeasure {
  /** {@link Balance#posted()}: the posted balance on the account's normal side. */
  POSTED,
  /** {@link Balance#pending()}: the amounts held by pending transactions, on the normal side. */
  PENDING,
  /** {@link Balance#available()}: posted less the holds that reduce it. */
  AVAILABLE;

  /**
   * @param balance a balance
   * @return this figure of it
   */
  public Money of(Balance balance) {
    return switch (this) {
      case POSTED -> balance.posted();
      case PENDING -> balance.pending();
      case AVAILABLE -> balance.available();
    };
  }

  /**
   * @param line a category's balance in one currency
   * @return this figure of it
   */
  public Money of(CategoryBalance.Line line) {
    return switch (this) {
      case POSTED -> line.posted();
      case PENDING -> line.pending();
      case AVAILABLE -> line.available();
    };
  }
}
