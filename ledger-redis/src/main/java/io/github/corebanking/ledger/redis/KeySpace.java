package io.github.corebanking.ledger.redis;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * The names this cache uses in Redis, all under one configured prefix: balance keys
 * {@code <prefix>balance:<account uuid>} and the channel {@code <prefix>invalidations}.
 */
final class KeySpace {

  /** Letters, digits and {@code : _ . -}; no glob characters, since the prefix goes into SCAN MATCH. */
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.\\-]{0,99}");

  private final String prefix;
  private final String balancePrefix;
  private final String channel;

  private KeySpace(String prefix) {
    this.prefix = prefix;
    this.balancePrefix = prefix + "balance:";
    this.channel = prefix + "invalidations";
  }

  /**
   * Validates a prefix.
   *
   * @param prefix such as {@code "ledger:prod:"}
   * @return the key space
   * @throws InvalidRequestException when the prefix is empty, too long or has characters other than
   *         letters, digits and {@code : _ . -}
   */
  static KeySpace of(String prefix) {
    if (prefix == null) {
      throw new InvalidRequestException("keyPrefix", null, "must not be null");
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new InvalidRequestException("keyPrefix", prefix,
          "must be 1 to 100 characters: letters, digits and ': _ . -', starting with a letter or digit");
    }
    return new KeySpace(prefix);
  }

  String prefix() {
    return prefix;
  }

  String key(AccountId id) {
    return balancePrefix + id.value();
  }

  /** @return the SCAN MATCH pattern of every balance key under this prefix */
  String balancePattern() {
    return balancePrefix + "*";
  }

  String channel() {
    return channel;
  }
}
