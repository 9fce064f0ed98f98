package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A journal entry: two or more entries whose debits equal their credits per currency.
 *
 * <p>A {@link TransactionStatus#PENDING PENDING} transaction holds amounts (pending entries).
 * Committing it appends posted entries for the committed amounts and makes it POSTED; voiding it
 * makes it VOIDED. A POSTED transaction is final; a mistake is undone by
 * {@link Ledger#reverse reversing} it, which books a new transaction with the sides swapped.
 *
 * @param id             the transaction's id (time-ordered)
 * @param idempotencyKey the caller's key, unique per ledger
 * @param description    what happened, in the bank's words
 * @param effectiveDate  the value date
 * @param postedAt       when the ledger booked it (from the ledger's clock)
 * @param status         pending, posted or voided
 * @param entries        its entries in order: for a committed hold, the pending entries first,
 *                       then the posted ones
 * @param metadata       caller's key/value pairs
 * @param expiresAt      for a hold, when an expiry job may void it; otherwise null
 * @param reverses       the transaction this one reverses, or null
 * @param reversedBy     the transaction that reverses this one, or null
 * @param replayed       true when this result was returned for a repeated idempotency key and
 *                       nothing was written
 * @param digest         SHA-256 (64 lowercase hex digits) of what it booked: its header (id, key,
 *                       description, value date, booking instant, metadata, expiry, reversed
 *                       transaction) and its entries' content; a committed hold's covers the pending
 *                       and the posted entries. Null only for a transaction booked before the store
 *                       kept hash chains (a hold booked then and committed since has one)
 */
public record Transaction(
    TransactionId id,
    String idempotencyKey,
    String description,
    LocalDate effectiveDate,
    Instant postedAt,
    TransactionStatus status,
    List<Entry> entries,
    Map<String, String> metadata,
    @Nullable Instant expiresAt,
    @Nullable TransactionId reverses,
    @Nullable TransactionId reversedBy,
    boolean replayed,
    @Nullable String digest) {

  /** Checks the fields and freezes the collections. */
  public Transaction {
    Checks.notNull(id, "transaction.id");
    Checks.key(idempotencyKey, "transaction.idempotencyKey");
    Checks.notNull(description, "transaction.description");
    Checks.notNull(effectiveDate, "transaction.effectiveDate");
    Checks.notNull(postedAt, "transaction.postedAt");
    Checks.notNull(status, "transaction.status");
    entries = List.copyOf(Checks.notNull(entries, "transaction.entries"));
    metadata = Checks.metadata(metadata, "transaction.metadata");
    Checks.sha256Hex(digest, "transaction.digest");
  }

  /**
   * This transaction with its digest.
   *
   * @param entriesDigest the digest of its header and entries
   * @return a copy carrying it
   */
  public Transaction withDigest(String entriesDigest) {
    return new Transaction(id, idempotencyKey, description, effectiveDate, postedAt, status, entries, metadata,
        expiresAt, reverses, reversedBy, replayed, Checks.notNull(entriesDigest, "transaction.digest"));
  }

  /** @return the entries that moved posted balances (excludes holds) */
  public List<Entry> postedEntries() {
    return entries.stream().filter(e -> !e.pending()).toList();
  }

  /** @return the hold entries written while the transaction was pending */
  public List<Entry> pendingEntries() {
    return entries.stream().filter(Entry::pending).toList();
  }

  /** @return the reversed transaction's id, if this is a reversal */
  public Optional<TransactionId> reversesId() {
    return Optional.ofNullable(reverses);
  }

  /** @return the reversing transaction's id, if this one was reversed */
  public Optional<TransactionId> reversedById() {
    return Optional.ofNullable(reversedBy);
  }

  /** @return whether another transaction reversed this one */
  public boolean isReversed() {
    return reversedBy != null;
  }

  /**
   * This transaction marked as a replay of an earlier request.
   *
   * @return a copy with {@code replayed} true
   */
  public Transaction asReplay() {
    return new Transaction(id, idempotencyKey, description, effectiveDate, postedAt, status, entries,
        metadata, expiresAt, reverses, reversedBy, true, digest);
  }

  /**
   * This transaction linked to the transaction that reverses it.
   *
   * @param reversal the reversing transaction
   * @return a copy with {@code reversedBy} set
   */
  public Transaction withReversedBy(TransactionId reversal) {
    return new Transaction(id, idempotencyKey, description, effectiveDate, postedAt, status, entries,
        metadata, expiresAt, reverses, Checks.notNull(reversal, "reversedBy"), replayed, digest);
  }

  /**
   * This hold after it was committed or voided.
   *
   * @param settledStatus POSTED or VOIDED
   * @param added         the entries the settlement appended (the posted ones of a commit)
   * @return a copy with the new status and the entries appended, and the digest it had (a commit
   *     replaces it with one over all the entries, {@link #withDigest})
   */
  public Transaction settled(TransactionStatus settledStatus, List<Entry> added) {
    List<Entry> all = new java.util.ArrayList<>(entries.size() + added.size());
    all.addAll(entries);
    all.addAll(added);
    return new Transaction(id, idempotencyKey, description, effectiveDate, postedAt,
        Checks.notNull(settledStatus, "status"), all, metadata, expiresAt, reverses, reversedBy, false, digest);
  }
}
