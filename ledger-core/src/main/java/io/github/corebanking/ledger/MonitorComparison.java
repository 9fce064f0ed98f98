package io.github.corebanking.ledger;

/** How a {@link BalanceMonitor} compares a balance figure with its threshold. */
public enum MonitorComparison {
  /** value &lt; threshold */
  LESS_THAN("<"),
  /** value &le; threshold */
  AT_MOST("<="),
  /** value &gt; threshold */
  GREATER_THAN(">"),
  /** value &ge; threshold */
  AT_LEAST(">=");

  private final String symbol;

  MonitorComparison(String symbol) {
    this.symbol = symbol;
  }

  /** @return the comparison as written, such as {@code "<="} */
  public String symbol() {
    return symbol;
  }

  /**
   * @param value     the balance figure
   * @param threshold the threshold, in the same currency
   * @return whether {@code value} compares so with {@code threshold}
   * @throws CurrencyMismatchException when the currencies differ
   */
  public boolean test(Money value, Money threshold) {
    if (!value.currency().equals(threshold.currency())) {
      throw new CurrencyMismatchException("threshold", threshold, "is not in the currency of " + value);
    }
    int c = Long.compare(value.minorUnits(), threshold.minorUnits());
    return switch (this) {
      case LESS_THAN -> c < 0;
      case AT_MOST -> c <= 0;
      case GREATER_THAN -> c > 0;
      case AT_LEAST -> c >= 0;
    };
  }
}
