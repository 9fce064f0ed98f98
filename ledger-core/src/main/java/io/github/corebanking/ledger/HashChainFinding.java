package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * One row that hash-chain verification ({@link Ledger#verifyHashChains}) found changed behind the
 * ledger's back, named by id.
 *
 * @param kind          what was found
 * @param accountId     the account whose chain it is in
 * @param entryId       the entry: the edited or inserted one, for a missing entry the one after
 *                      the gap, for entries missing at the end the account's last surviving entry
 *                      (null when none survives); null for a transaction's digest
 * @param transactionId the transaction of that entry, or the transaction whose digest does not match
 * @param detail        what does not match, for the operator
 */
public record HashChainFinding(Kind kind, AccountId accountId, @Nullable EntryId entryId,
    @Nullable TransactionId transactionId, String detail) {

  /** What verification found. */
  public enum Kind {
    /** The entry's content no longer matches its hash, and its transaction's digest no longer matches. */
    ENTRY_EDITED,
    /** The entry is not a link of its account's chain (the chain runs around it), or has no transaction. */
    ENTRY_INSERTED,
    /** The entry is intact but chains to an entry that is no longer there: one or more before it were deleted. */
    ENTRY_MISSING,
    /** The account's latest entry hash is not the hash of its last entry: entries at its end were deleted. */
    ENTRIES_MISSING_AT_END,
    /** The transaction's digest does not match its header and entries (one edited, inserted or deleted). */
    TRANSACTION_DIGEST_MISMATCH
  }

  /** Checks the fields. */
  public HashChainFinding {
    Checks.notNull(kind, "kind");
    Checks.notNull(accountId, "accountId");
    Checks.notNull(detail, "detail");
  }

  @Override
  public String toString() {
    return kind + " account " + accountId + (entryId == null ? "" : " entry " + entryId.value())
        + (transactionId == null ? "" : " transaction " + transactionId) + ": " + detail;
  }
}
