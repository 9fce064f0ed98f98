package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.util.Map;

/**
 * An account of the chart of accounts.
 *
 * <p>An account holds one currency. Its balance constraint flags are enforced by the store,
 * atomically with each posting, counting pending amounts:
 * {@code debitsMustNotExceedCredits} keeps a liability (a customer deposit) from going overdrawn;
 * {@code creditsMustNotExceedDebits} keeps an asset from going below zero.
 *
 * @param id                         the account's id
 * @param code                       unique chart-of-accounts code, such as {@code "1100"}
 * @param name                       a human name
 * @param type                       the account class, which fixes the normal side
 * @param currency                   the one currency the account holds
 * @param status                     open, frozen or closed
 * @param debitsMustNotExceedCredits posted + pending debits may not exceed posted credits
 * @param creditsMustNotExceedDebits posted + pending credits may not exceed posted debits
 * @param metadata                   caller's key/value pairs
 * @param createdAt                  when the account was opened
 */
public record Account(
    AccountId id,
    String code,
    String name,
    AccountType type,
    CurrencyUnit currency,
    AccountStatus status,
    boolean debitsMustNotExceedCredits,
    boolean creditsMustNotExceedDebits,
    Map<String, String> metadata,
    Instant createdAt) {

  /** Checks every field and freezes the metadata. */
  public Account {
    Checks.notNull(id, "account.id");
    Checks.code(code, "account.code");
    Checks.text(name, "account.name", Checks.MAX_TEXT);
    Checks.notNull(type, "account.type");
    Checks.notNull(currency, "account.currency");
    Checks.notNull(status, "account.status");
    metadata = Checks.metadata(metadata, "account.metadata");
    Checks.notNull(createdAt, "account.createdAt");
    if (debitsMustNotExceedCredits && creditsMustNotExceedDebits) {
      throw new InvalidRequestException("account.creditsMustNotExceedDebits", true,
          "cannot be combined with debitsMustNotExceedCredits");
    }
  }

  /** @return the side on which this account's balance grows */
  public Side normalSide() {
    return type.normalSide();
  }

  /**
   * This account with another status.
   *
   * @param newStatus the status
   * @return a copy
   */
  public Account withStatus(AccountStatus newStatus) {
    return new Account(id, code, name, type, currency, newStatus, debitsMustNotExceedCredits,
        creditsMustNotExceedDebits, metadata, createdAt);
  }
}
