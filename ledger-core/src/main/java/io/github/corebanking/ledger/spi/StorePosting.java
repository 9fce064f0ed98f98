package io.github.corebanking.ledger.spi;

import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated posting handed by the ledger to its {@link LedgerStore}: what the caller asked for,
 * with the ids and instants the ledger chose. It carries no balances, entries to be or counter
 * deltas: {@link PostingPlanner#plan} derives all of them, under the store's locks, from the
 * posting and the state the store read.
 *
 * <p>Four kinds, one type each:
 * <ul>
 *   <li>{@link NewTransaction}: a new transaction, POSTED or PENDING (a hold), with its lines;</li>
 *   <li>{@link CommitHold}: a PENDING transaction becomes POSTED, in full or for a smaller amount;</li>
 *   <li>{@link VoidHold}: a PENDING transaction becomes VOIDED and its holds are released;</li>
 *   <li>{@link Reversal}: a new POSTED transaction with the sides of a posted one swapped.</li>
 * </ul>
 */
public sealed interface StorePosting
    permits StorePosting.NewTransaction, StorePosting.CommitHold, StorePosting.VoidHold, StorePosting.Reversal {

  /** @return the booking instant of this posting and of the entries it writes */
  Instant postedAt();

  /**
   * @return the transaction this posting settles or reverses (it must exist), or null for a new
   *     transaction
   */
  @Nullable TransactionId target();

  /** @return the idempotency key of the transaction this posting creates, or null when it creates none */
  @Nullable String idempotencyKey();

  /**
   * A copy with other instants, for a store that keeps a coarser precision than the clock's.
   *
   * @param precision maps each instant of the posting (booking instant, hold expiry) to the one stored
   * @return the copy
   */
  StorePosting withInstants(java.util.function.UnaryOperator<Instant> precision);

  /**
   * A new transaction.
   *
   * @param transactionId  its id
   * @param idempotencyKey its key
   * @param requestHash    a digest of the request, to tell a replay from a conflict
   * @param description    its description
   * @param effectiveDate  its value date
   * @param postedAt       its booking instant
   * @param pending        true for a hold (PENDING, pending counters), false for POSTED
   * @param expiresAt      when a hold expires, or null
   * @param metadata       its metadata
   * @param lines          its lines, in order
   * @param entryIds       where the planner takes its entries' ids
   * @param fieldPrefix    what a rejection's field starts with, naming the request this posting came
   *                       from: empty for {@code Ledger.post}, {@code "requests[6]."} for the seventh
   *                       request of a {@code Ledger.postAll} batch
   */
  record NewTransaction(TransactionId transactionId, String idempotencyKey, String requestHash, String description,
      LocalDate effectiveDate, Instant postedAt, boolean pending, @Nullable Instant expiresAt,
      Map<String, String> metadata, List<EntryRequest> lines, IdGenerator entryIds, String fieldPrefix)
      implements StorePosting {

    /**
     * A new transaction posted alone: rejections name its fields without a prefix.
     *
     * @param transactionId  its id
     * @param idempotencyKey its key
     * @param requestHash    a digest of the request
     * @param description    its description
     * @param effectiveDate  its value date
     * @param postedAt       its booking instant
     * @param pending        true for a hold
     * @param expiresAt      when a hold expires, or null
     * @param metadata       its metadata
     * @param lines          its lines, in order
     * @param entryIds       where the planner takes its entries' ids
     */
    public NewTransaction(TransactionId transactionId, String idempotencyKey, String requestHash, String description,
        LocalDate effectiveDate, Instant postedAt, boolean pending, @Nullable Instant expiresAt,
        Map<String, String> metadata, List<EntryRequest> lines, IdGenerator entryIds) {
      this(transactionId, idempotencyKey, requestHash, description, effectiveDate, postedAt, pending, expiresAt,
          metadata, lines, entryIds, "");
    }

    /** Checks the fields and freezes the collections. */
    public NewTransaction {
      Checks.notNull(transactionId, "transactionId");
      Checks.notNull(idempotencyKey, "idempotencyKey");
      Checks.notNull(requestHash, "requestHash");
      Checks.notNull(description, "description");
      Checks.notNull(effectiveDate, "effectiveDate");
      Checks.notNull(postedAt, "postedAt");
      metadata = Map.copyOf(Checks.notNull(metadata, "metadata"));
      lines = List.copyOf(Checks.notNull(lines, "entries"));
      Checks.notNull(entryIds, "entryIds");
      Checks.notNull(fieldPrefix, "fieldPrefix");
    }

    @Override
    public @Nullable TransactionId target() {
      return null;
    }

    @Override
    public NewTransaction withInstants(java.util.function.UnaryOperator<Instant> precision) {
      return new NewTransaction(transactionId, idempotencyKey, requestHash, description, effectiveDate,
          precision.apply(postedAt), pending, expiresAt == null ? null : precision.apply(expiresAt), metadata, lines,
          entryIds, fieldPrefix);
    }
  }

  /**
   * Posts a hold.
   *
   * @param transactionId the PENDING transaction
   * @param amount        the amount to post on each of its entries (all holding the same amount), or
   *                      null to post what is held
   * @param postedAt      the booking instant of the posted entries
   * @param entryIds      where the planner takes the posted entries' ids
   */
  record CommitHold(TransactionId transactionId, @Nullable Money amount, Instant postedAt, IdGenerator entryIds)
      implements StorePosting {

    /** Checks the fields. */
    public CommitHold {
      Checks.notNull(transactionId, "transactionId");
      Checks.notNull(postedAt, "postedAt");
      Checks.notNull(entryIds, "entryIds");
    }

    @Override
    public TransactionId target() {
      return transactionId;
    }

    @Override
    public @Nullable String idempotencyKey() {
      return null;
    }

    @Override
    public CommitHold withInstants(java.util.function.UnaryOperator<Instant> precision) {
      return new CommitHold(transactionId, amount, precision.apply(postedAt), entryIds);
    }
  }

  /**
   * Releases a hold. Account status is not checked, so a hold on a frozen account can still be
   * released.
   *
   * @param transactionId the PENDING transaction
   * @param postedAt      the instant of the release
   */
  record VoidHold(TransactionId transactionId, Instant postedAt) implements StorePosting {

    /** Checks the fields. */
    public VoidHold {
      Checks.notNull(transactionId, "transactionId");
      Checks.notNull(postedAt, "postedAt");
    }

    @Override
    public TransactionId target() {
      return transactionId;
    }

    @Override
    public @Nullable String idempotencyKey() {
      return null;
    }

    @Override
    public VoidHold withInstants(java.util.function.UnaryOperator<Instant> precision) {
      return new VoidHold(transactionId, precision.apply(postedAt));
    }
  }

  /**
   * Books the reversal of a POSTED transaction: its posted entries with the sides swapped.
   *
   * @param transactionId  the reversal's id
   * @param reverses       the reversed transaction
   * @param idempotencyKey the reversal's key
   * @param requestHash    a digest of the request
   * @param description    the reversal's description
   * @param effectiveDate  its value date
   * @param postedAt       its booking instant
   * @param metadata       its metadata
   * @param entryIds       where the planner takes its entries' ids
   */
  record Reversal(TransactionId transactionId, TransactionId reverses, String idempotencyKey, String requestHash,
      String description, LocalDate effectiveDate, Instant postedAt, Map<String, String> metadata,
      IdGenerator entryIds) implements StorePosting {

    /** Checks the fields and freezes the metadata. */
    public Reversal {
      Checks.notNull(transactionId, "transactionId");
      Checks.notNull(reverses, "reverses");
      Checks.notNull(idempotencyKey, "idempotencyKey");
      Checks.notNull(requestHash, "requestHash");
      Checks.notNull(description, "description");
      Checks.notNull(effectiveDate, "effectiveDate");
      Checks.notNull(postedAt, "postedAt");
      metadata = Map.copyOf(Checks.notNull(metadata, "metadata"));
      Checks.notNull(entryIds, "entryIds");
    }

    @Override
    public TransactionId target() {
      return reverses;
    }

    @Override
    public Reversal withInstants(java.util.function.UnaryOperator<Instant> precision) {
      return new Reversal(transactionId, reverses, idempotencyKey, requestHash, description, effectiveDate,
          precision.apply(postedAt), metadata, entryIds);
    }
  }
}
