package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.CurrencyUnit;

/**
 * How one posting moves one account's counters, in signed minor units. Pending counters go down
 * when a hold is committed or voided.
 *
 * @param accountId      the account
 * @param currency       the currency every entry of this posting on the account uses
 * @param firstIndex     index in the caller's request of the first entry touching the account,
 *                       used to name the field in errors
 * @param postedDebits   change of posted debits
 * @param postedCredits  change of posted credits
 * @param pendingDebits  change of pending debits
 * @param pendingCredits change of pending credits
 */
public record AccountDelta(AccountId accountId, CurrencyUnit currency, int firstIndex, long postedDebits,
    long postedCredits, long pendingDebits, long pendingCredits) {

  /** @return the field naming the first entry on this account, such as {@code entries[0]} */
  public String field() {
    return "entries[" + firstIndex + "]";
  }
}
