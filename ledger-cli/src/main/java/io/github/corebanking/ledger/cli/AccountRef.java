package io.github.corebanking.ledger.cli;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import java.util.UUID;

/** An account named on the command line by its code (such as {@code 2100}) or its id (a UUID). */
final class AccountRef {

  private AccountRef() {}

  /**
   * @param ledger the ledger
   * @param field  the option or parameter that named it, for the message
   * @param ref    a code or an id
   * @return the account
   * @throws InvalidRequestException naming {@code field} and {@code ref} when no account has that code or id
   */
  static Account resolve(Ledger ledger, String field, String ref) {
    UUID uuid = null;
    try {
      uuid = UUID.fromString(ref);
    } catch (IllegalArgumentException notAnId) {
      // a code
    }
    if (uuid != null) {
      try {
        return ledger.account(AccountId.of(uuid));
      } catch (AccountNotFoundException e) {
        throw new InvalidRequestException(field, ref, "no account has this id");
      }
    }
    return ledger.accountByCode(ref)
        .orElseThrow(() -> new InvalidRequestException(field, ref, "no account has this code"));
  }
}
