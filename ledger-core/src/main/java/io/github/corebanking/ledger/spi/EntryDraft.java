package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.EntryId;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;

/**
 * An entry to be written, before the store knows the running balance it will carry.
 *
 * @param id        the entry's id
 * @param ordinal   its position among the transaction's entries (continuing after existing
 *                  entries when a hold is committed)
 * @param requestIndex its index in the caller's request, used to name the field in errors
 * @param accountId the account
 * @param side      debit or credit
 * @param amount    a positive amount
 * @param pending   whether it is a hold
 */
public record EntryDraft(EntryId id, int ordinal, int requestIndex, AccountId accountId, Side side, Money amount,
    boolean pending) {

  /** @return the field name of this entry in the caller's request, such as {@code entries[1]} */
  public String field() {
    return "entries[" + requestIndex + "]";
  }
}
