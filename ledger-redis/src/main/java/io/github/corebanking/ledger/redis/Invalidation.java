package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message on the invalidation channel, sent by one cache instance to all others:
 * <ul>
 *   <li>{@code B|<sender>|<account>|<version>}: the account's balance is now at this version; drop
 *       an L1 entry that is older;</li>
 *   <li>{@code I|<sender>|<account>}: drop the account's L1 entry, whatever its version;</li>
 *   <li>{@code C|<sender>}: drop every L1 entry.</li>
 * </ul>
 *
 * @param kind    {@code 'B'}, {@code 'I'} or {@code 'C'}
 * @param sender  the instance that sent it; an instance ignores its own messages
 * @param account the account, null for {@code C}
 * @param version the new version for {@code B}, else -1
 */
record Invalidation(char kind, String sender, @Nullable AccountId account, long version) {

  static String balanceChanged(String sender, AccountId account, long version) {
    return "B|" + sender + "|" + account.value() + "|" + version;
  }

  static String dropped(String sender, AccountId account) {
    return "I|" + sender + "|" + account.value();
  }

  static String clearAll(String sender) {
    return "C|" + sender;
  }

  /**
   * Parses a message.
   *
   * @param text the message
   * @return the message, or null when it is not one of ours
   */
  static @Nullable Invalidation parse(String text) {
    String[] f = text.split("\\|", -1);
    try {
      if (f.length == 4 && "B".equals(f[0])) {
        return new Invalidation('B', f[1], new AccountId(UUID.fromString(f[2])), Long.parseLong(f[3]));
      }
      if (f.length == 3 && "I".equals(f[0])) {
        return new Invalidation('I', f[1], new AccountId(UUID.fromString(f[2])), -1);
      }
      if (f.length == 2 && "C".equals(f[0])) {
        return new Invalidation('C', f[1], null, -1);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }
}
