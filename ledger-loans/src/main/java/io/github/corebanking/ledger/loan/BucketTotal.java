package io.github.corebanking.ledger.loan;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.loan.internal.LoanChecks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loans of one aging bucket, counted and summed per currency.
 *
 * @param bucket               the bucket
 * @param loans                how many loans fall in it
 * @param outstandingPrincipal their outstanding principal, per currency (currencies with no loan
 *                             in the bucket are absent)
 * @param overdue              their overdue amounts, per currency
 */
public record BucketTotal(AgingBucket bucket, int loans, Map<CurrencyUnit, Money> outstandingPrincipal,
    Map<CurrencyUnit, Money> overdue) {

  /** Checks the fields and freezes the maps. */
  public BucketTotal {
    Checks.notNull(bucket, "bucket");
    if (loans < 0) {
      throw new InvalidRequestException("loans", loans, "must not be negative");
    }
    outstandingPrincipal = Collections.unmodifiableMap(new LinkedHashMap<>(
        Checks.notNull(outstandingPrincipal, "outstandingPrincipal")));
    overdue = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull(overdue, "overdue")));
  }

  /**
   * @param currency a currency
   * @return the bucket's outstanding principal in it, zero when none
   */
  public Money outstandingPrincipal(CurrencyUnit currency) {
    return outstandingPrincipal.getOrDefault(currency, Money.zero(currency));
  }

  /**
   * @param currency a currency
   * @return the bucket's overdue amount in it, zero when none
   */
  public Money overdue(CurrencyUnit currency) {
    return overdue.getOrDefault(currency, Money.zero(currency));
  }
}
