package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import org.jspecify.annotations.Nullable;

/**
 * A validated posting handed by the ledger to its {@link LedgerStore}: what to write and how every
 * account's counters move. The ledger has already checked what needs no state (shape, balance
 * per currency, user rules); the store checks the rest atomically with
 * {@link PostingPlanner#plan} and writes.
 *
 * <p>One record serves four kinds:
 * <ul>
 *   <li>{@link Kind#CREATE}: a new transaction, POSTED or PENDING, with its entries;</li>
 *   <li>{@link Kind#COMMIT}: posted entries appended to the pending transaction
 *       {@code transactionId}, which becomes POSTED; the store must find it still PENDING;</li>
 *   <li>{@link Kind#VOID}: the pending transaction becomes VOIDED; no entries; account status is
 *       not checked, so a hold on a frozen account can still be released;</li>
 *   <li>{@link Kind#REVERSE}: a new POSTED transaction reversing {@code reverses}; the store must
 *       find no earlier reversal of it.</li>
 * </ul>
 *
 * @param kind           what the posting does
 * @param transactionId  the new transaction (CREATE, REVERSE) or the pending one (COMMIT, VOID)
 * @param idempotencyKey the key of the new transaction (CREATE, REVERSE), else null
 * @param requestHash    a digest of the request, to tell a replay from a conflict (CREATE, REVERSE)
 * @param description    the new transaction's description (CREATE, REVERSE), else null
 * @param effectiveDate  the new transaction's value date (CREATE, REVERSE), else null
 * @param postedAt       the booking instant of this posting and its entries
 * @param status         the transaction's status after this posting
 * @param metadata       the new transaction's metadata (CREATE, REVERSE)
 * @param expiresAt      the hold's expiry (CREATE of a PENDING transaction), else null
 * @param reverses       the reversed transaction (REVERSE), else null
 * @param entries        the entries to append, in order
 * @param deltas         how each touched account's counters move, one per account, in account id order
 */
public record StorePosting(
    Kind kind,
    TransactionId transactionId,
    @Nullable String idempotencyKey,
    @Nullable String requestHash,
    @Nullable String description,
    @Nullable LocalDate effectiveDate,
    Instant postedAt,
    TransactionStatus status,
    Map<String, String> metadata,
    @Nullable Instant expiresAt,
    @Nullable TransactionId reverses,
    List<EntryDraft> entries,
    List<AccountDelta> deltas) {

  /** What a posting does. */
  public enum Kind {
    /** Books a new transaction, posted or pending. */
    CREATE,
    /** Posts a pending transaction. */
    COMMIT,
    /** Releases a pending transaction. */
    VOID,
    /** Books the reversal of a posted transaction. */
    REVERSE
  }

  /** Checks the fields and freezes the collections. */
  public StorePosting {
    Checks.notNull(kind, "kind");
    Checks.notNull(transactionId, "transactionId");
    Checks.notNull(postedAt, "postedAt");
    Checks.notNull(status, "status");
    metadata = Map.copyOf(Checks.notNull(metadata, "metadata"));
    entries = List.copyOf(Checks.notNull(entries, "entries"));
    deltas = List.copyOf(Checks.notNull(deltas, "deltas"));
    boolean creates = kind == Kind.CREATE || kind == Kind.REVERSE;
    if (creates && (idempotencyKey == null || requestHash == null || description == null || effectiveDate == null)) {
      throw new IllegalArgumentException(kind + " needs a key, a request hash, a description and a date");
    }
    if (kind == Kind.REVERSE && reverses == null) {
      throw new IllegalArgumentException("REVERSE needs the reversed transaction id");
    }
  }

  /** @return whether this posting creates a new transaction row */
  public boolean createsTransaction() {
    return kind == Kind.CREATE || kind == Kind.REVERSE;
  }

  /** @return the ids of the touched accounts, in ascending order (the lock order) */
  public Set<AccountId> accountIds() {
    Set<AccountId> ids = new LinkedHashSet<>();
    for (AccountDelta d : deltas) {
      ids.add(d.accountId());
    }
    return ids;
  }
}
