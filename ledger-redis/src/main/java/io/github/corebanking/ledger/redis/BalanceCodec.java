package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Side;
import org.jspecify.annotations.Nullable;

/**
 * The text form of a balance in Redis:
 * {@code <version>|1|<currency code>|<scale>|<D or C>|<posted debits>|<posted credits>|<pending debits>|<pending credits>}.
 *
 * <p>The version comes first so the Lua script can compare versions without decoding the rest;
 * the {@code 1} after it is the format, so a later format can be told apart. The account id is the
 * key's, not the value's.
 */
final class BalanceCodec {

  private static final String FORMAT = "1";
  private static final int FIELDS = 9;

  private BalanceCodec() {}

  static String encode(Balance b) {
    return new StringBuilder(64)
        .append(b.version()).append('|')
        .append(FORMAT).append('|')
        .append(b.currency().code()).append('|')
        .append(b.currency().scale()).append('|')
        .append(b.normalSide() == Side.DEBIT ? 'D' : 'C').append('|')
        .append(b.postedDebits()).append('|')
        .append(b.postedCredits()).append('|')
        .append(b.pendingDebits()).append('|')
        .append(b.pendingCredits())
        .toString();
  }

  /**
   * Decodes a cached value.
   *
   * @param id    the account the key names
   * @param value the cached text
   * @return the balance, or null when the text is not a balance in a known format
   */
  static @Nullable Balance decode(AccountId id, String value) {
    String[] f = value.split("\\|", -1);
    if (f.length != FIELDS || !FORMAT.equals(f[1])) {
      return null;
    }
    try {
      Side side;
      if ("D".equals(f[4])) {
        side = Side.DEBIT;
      } else if ("C".equals(f[4])) {
        side = Side.CREDIT;
      } else {
        return null;
      }
      CurrencyUnit currency = CurrencyUnit.of(f[2], Integer.parseInt(f[3]));
      return new Balance(id, currency, side, Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
          Long.parseLong(f[8]), Long.parseLong(f[0]));
    } catch (NumberFormatException | LedgerException e) {
      return null;
    }
  }
}
