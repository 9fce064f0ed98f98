package io.github.corebanking.ledger.internal;

import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.Side;

/**
 * How counters read on a normal side: the one definition of posted, pending and available that an
 * account's balance and a category's balance share. Not supported for use outside the library.
 */
public final class NormalSides {

  private NormalSides() {}

  /**
   * @param normalSide the side the balance is read on
   * @param debits     debits in minor units
   * @param credits    credits in minor units
   * @param field      the field an overflow names
   * @param owner      the account or category an overflow names
   * @return debits less credits on a debit side, credits less debits on a credit side
   * @throws InvalidAmountException when the difference does not fit in 64 bits
   */
  public static long net(Side normalSide, long debits, long credits, String field, Object owner) {
    try {
      return normalSide == Side.DEBIT ? Math.subtractExact(debits, credits) : Math.subtractExact(credits, debits);
    } catch (ArithmeticException e) {
      throw new InvalidAmountException(field, owner, "does not fit in 64-bit minor units");
    }
  }

  /**
   * Posted less the pending amounts that would reduce it: holds reduce what is available, pending
   * inflows do not add to it.
   *
   * @param normalSide     the side the balance is read on
   * @param postedDebits   posted debits
   * @param postedCredits  posted credits
   * @param pendingDebits  pending debits
   * @param pendingCredits pending credits
   * @param field          the field an overflow names
   * @param owner          the account or category an overflow names
   * @return the available amount in minor units
   * @throws InvalidAmountException when it does not fit in 64 bits
   */
  public static long available(Side normalSide, long postedDebits, long postedCredits, long pendingDebits,
      long pendingCredits, String field, Object owner) {
    long reducing = normalSide == Side.DEBIT ? pendingCredits : pendingDebits;
    try {
      return Math.subtractExact(net(normalSide, postedDebits, postedCredits, field, owner), reducing);
    } catch (ArithmeticException e) {
      throw new InvalidAmountException(field + ".available", owner, "does not fit in 64-bit minor units");
    }
  }
}
