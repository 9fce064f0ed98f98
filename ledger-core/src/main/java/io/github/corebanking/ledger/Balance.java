package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import io.github.corebanking.ledger.internal.NormalSides;

/**
 * An account's balance: four counters in minor units and the account's version.
 *
 * <p>The counters only grow with postings (a void or commit moves amounts out of the pending
 * counters). Derived values are read on the account's normal side:
 * <ul>
 *   <li>{@link #posted()} = posted normal-side amounts less posted opposite-side amounts;</li>
 *   <li>{@link #pending()} = the same over pending amounts;</li>
 *   <li>{@link #available()} = posted less the pending amounts that would reduce it. A hold
 *       reduces what is available; a pending inflow does not add to it.</li>
 * </ul>
 *
 * @param accountId      the account
 * @param currency       the account's currency
 * @param normalSide     the account's normal side
 * @param postedDebits   sum of posted debit entries
 * @param postedCredits  sum of posted credit entries
 * @param pendingDebits  sum of debits held by pending transactions
 * @param pendingCredits sum of credits held by pending transactions
 * @param version        grows by one with every posting, commit or void touching the account
 */
public record Balance(
    AccountId accountId,
    CurrencyUnit currency,
    Side normalSide,
    long postedDebits,
    long postedCredits,
    long pendingDebits,
    long pendingCredits,
    long version) {

  /** Checks the fields. */
  public Balance {
    Checks.notNull(accountId, "balance.accountId");
    Checks.notNull(currency, "balance.currency");
    Checks.notNull(normalSide, "balance.normalSide");
    if (postedDebits < 0 || postedCredits < 0 || pendingDebits < 0 || pendingCredits < 0) {
      throw new InvalidRequestException("balance", accountId, "counters must not be negative");
    }
    if (version < 0) {
      throw new InvalidRequestException("balance.version", version, "must not be negative");
    }
  }

  /**
   * The balance of a new account.
   *
   * @param account the account
   * @return all counters zero, version zero
   */
  public static Balance zero(Account account) {
    return new Balance(account.id(), account.currency(), account.normalSide(), 0, 0, 0, 0, 0);
  }

  /** @return the posted balance on the normal side (may be negative) */
  public Money posted() {
    return Money.ofMinor(net(postedDebits, postedCredits), currency);
  }

  /** @return the pending balance on the normal side (may be negative) */
  public Money pending() {
    return Money.ofMinor(net(pendingDebits, pendingCredits), currency);
  }

  /** @return posted less pending amounts on the opposite side (holds) */
  public Money available() {
    return Money.ofMinor(NormalSides.available(normalSide, postedDebits, postedCredits, pendingDebits, pendingCredits,
        "balance", accountId), currency);
  }

  /** @return posted debits as money */
  public Money debitsPosted() {
    return Money.ofMinor(postedDebits, currency);
  }

  /** @return posted credits as money */
  public Money creditsPosted() {
    return Money.ofMinor(postedCredits, currency);
  }

  private long net(long debits, long credits) {
    return NormalSides.net(normalSide, debits, credits, "balance", accountId);
  }
}
