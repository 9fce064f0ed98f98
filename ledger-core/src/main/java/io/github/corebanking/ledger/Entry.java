package io.github.corebanking.ledger;

import io.github.corebanking.ledger.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of a transaction: an amount debited or credited to one account.
 *
 * <p>Entries are append-only. Each carries the account's posted balance and version right after
 * it, so statements and as-of reads need no recomputation. Each also carries its link in the account's hash
 * chain: a SHA-256 {@link #hash() hash} of its content and of the account's entry before it, so that
 * an entry edited, inserted or deleted behind the ledger's back is found by verification
 * ({@link Ledger#verifyHashChains}). A pending entry (one written by a
 * {@link TransactionStatus#PENDING PENDING} transaction) moves the pending counters only; its
 * {@code balanceAfter} is the unchanged posted balance.
 *
 * @param id             the entry's id
 * @param transactionId  the transaction it belongs to
 * @param ordinal        its position in the transaction's entries, from 0
 * @param accountId      the account
 * @param side           debit or credit
 * @param amount         a positive amount in the account's currency
 * @param pending        whether the entry is a hold rather than a posting
 * @param postedAt       when it was booked
 * @param balanceAfter   the account's posted balance (normal side) after this entry
 * @param accountVersion the account's version after the posting that wrote this entry
 * @param hash           its link in the account's hash chain (64 lowercase hex digits): SHA-256 of
 *                       the previous entry's hash of the account and this entry's content; null only
 *                       for an entry booked before the store kept hash chains
 */
public record Entry(
    EntryId id,
    TransactionId transactionId,
    int ordinal,
    AccountId accountId,
    Side side,
    Money amount,
    boolean pending,
    Instant postedAt,
    Money balanceAfter,
    long accountVersion,
    @Nullable String hash) {

  /** Checks the fields. */
  public Entry {
    Checks.notNull(id, "entry.id");
    Checks.notNull(transactionId, "entry.transactionId");
    Checks.notNull(accountId, "entry.accountId");
    Checks.notNull(side, "entry.side");
    Checks.notNull(amount, "entry.amount");
    Checks.notNull(postedAt, "entry.postedAt");
    Checks.notNull(balanceAfter, "entry.balanceAfter");
    if (!amount.isPositive()) {
      throw new InvalidAmountException("entry.amount", amount, "must be greater than zero");
    }
    if (ordinal < 0) {
      throw new InvalidRequestException("entry.ordinal", ordinal, "must not be negative");
    }
    Checks.sha256Hex(hash, "entry.hash");
  }

  /**
   * This entry with its chain link.
   *
   * @param chainHash the hash
   * @return a copy carrying it
   */
  public Entry withHash(String chainHash) {
    return new Entry(id, transactionId, ordinal, accountId, side, amount, pending, postedAt, balanceAfter,
        accountVersion, Checks.notNull(chainHash, "entry.hash"));
  }

  /** @return the amount signed on the debit side: positive for a debit, negative for a credit */
  public long signedDebitMinor() {
    return side == Side.DEBIT ? amount.minorUnits() : -amount.minorUnits();
  }
}
