package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Where one account's hash chain stands, as a store reads it for verification: one committed
 * state of the account (its version and latest entry hash together) and its checkpoint.
 *
 * @param accountId       the account
 * @param version         its version
 * @param lastEntryHash   the hash of its latest entry at that version, or null when it has no
 *                        hashed entry
 * @param unhashedThrough the version through which its entries were booked before the store kept
 *                        hash chains (they carry no hash and are not walked); 0 when none was
 * @param verifiedThrough the version through which verification last found its chain intact; 0 when
 *                        never
 * @param verifiedHash    the hash of its latest entry at {@code verifiedThrough}, or null when none
 */
public record HashChainHead(AccountId accountId, long version, @Nullable String lastEntryHash,
    long unhashedThrough, long verifiedThrough, @Nullable String verifiedHash) {

  /** Checks the fields. */
  public HashChainHead {
    Checks.notNull(accountId, "accountId");
  }
}
