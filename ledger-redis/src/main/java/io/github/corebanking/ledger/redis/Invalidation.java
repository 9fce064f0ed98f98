package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.Balance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message on the invalidation channel, sent by one cache instance to all others:
 * <ul>
 *   <li>{@code B|<sender>|<account>:<version>,<account>:<version>,...}: these balances were
 *       committed at these versions and sent in one versioned-write script call, after which Redis
 *       holds at least one of them at its version (written by the call, or earlier by a load) and
 *       may hold a newer version of the others; drop L1 entries that are older;</li>
 *   <li>{@code I|<sender>|<account>}: drop the account's L1 entry, whatever its version;</li>
 *   <li>{@code C|<sender>}: drop every L1 entry.</li>
 * </ul>
 *
 * @param kind    {@code 'B'}, {@code 'I'} or {@code 'C'}
 * @param sender  the instance that sent it; an instance ignores its own messages
 * @param changes the accounts concerned, with their committed version for {@code B} (else -1); empty for
 *                {@code C}
 */
record Invalidation(char kind, String sender, List<Change> changes) {

  /**
   * One account in a message.
   *
   * @param account the account
   * @param version its committed version, or -1 when the message drops it whatever its version
   */
  record Change(AccountId account, long version) {}

  Invalidation {
    changes = List.copyOf(changes);
  }

  /**
   * The message announcing the balances of one versioned-write script call.
   *
   * @param sender   the announcing instance
   * @param balances the balances of the call, at least one
   * @return {@code B|<sender>|<account>:<version>,...}
   */
  static String written(String sender, List<Balance> balances) {
    StringBuilder m = new StringBuilder(sender.length() + 3 + 48 * balances.size()).append("B|").append(sender)
        .append('|');
    for (int i = 0; i < balances.size(); i++) {
      Balance b = balances.get(i);
      if (i > 0) {
        m.append(',');
      }
      m.append(b.accountId().value()).append(':').append(b.version());
    }
    return m.toString();
  }

  static String dropped(String sender, AccountId account) {
    return "I|" + sender + "|" + account.value();
  }

  static String clearAll(String sender) {
    return "C|" + sender;
  }

  /**
   * Whether a message was sent by an instance, without parsing the rest.
   *
   * @param text   the message
   * @param sender the instance
   * @return true when {@code text} is {@code <kind>|<sender>|...} or {@code <kind>|<sender>}
   */
  static boolean sentBy(String text, String sender) {
    return text.length() >= sender.length() + 2 && text.startsWith(sender, 2)
        && (text.length() == sender.length() + 2 || text.charAt(sender.length() + 2) == '|');
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
      if (f.length == 3 && "B".equals(f[0]) && !f[2].isEmpty()) {
        List<Change> changes = new ArrayList<>();
        for (String entry : f[2].split(",", -1)) {
          int colon = entry.indexOf(':');
          if (colon < 0) {
            return null;
          }
          changes.add(new Change(new AccountId(UUID.fromString(entry.substring(0, colon))),
              Long.parseLong(entry.substring(colon + 1))));
        }
        return new Invalidation('B', f[1], changes);
      }
      if (f.length == 3 && "I".equals(f[0])) {
        return new Invalidation('I', f[1], List.of(new Change(new AccountId(UUID.fromString(f[2])), -1)));
      }
      if (f.length == 2 && "C".equals(f[0])) {
        return new Invalidation('C', f[1], List.of());
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }
}
