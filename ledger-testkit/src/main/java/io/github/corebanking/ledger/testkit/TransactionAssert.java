package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Transaction}; get one from {@link LedgerAssertions#assertThat(Transaction)}.
 * Failure messages list the transaction's entries: account, side, amount and whether each is a
 * hold.
 *
 * <p>A {@code Transaction} is a value read at one moment: to see a later commit or reversal, read
 * it again ({@code ledger.transaction(id).orElseThrow()}).
 *
 * <pre>{@code
 * assertThat(ledger.post(request)).isPosted().isBalanced().hasEntries(2);
 * assertThat(ledger.post(request)).isReplay();
 * }</pre>
 */
public final class TransactionAssert extends AbstractAssert<TransactionAssert, Transaction> {

  /**
   * Creates the assertion; use {@link LedgerAssertions#assertThat(Transaction)}.
   *
   * @param actual the transaction
   */
  TransactionAssert(Transaction actual) {
    super(actual, TransactionAssert.class);
  }

  /**
   * Checks that debits equal credits per currency, separately over posted entries and over hold
   * entries.
   *
   * @return this assertion
   */
  public TransactionAssert isBalanced() {
    isNotNull();
    for (boolean pending : new boolean[] {false, true}) {
      Map<CurrencyUnit, long[]> sums = new LinkedHashMap<>();
      for (Entry e : actual.entries()) {
        if (e.pending() == pending) {
          long[] s = sums.computeIfAbsent(e.amount().currency(), c -> new long[2]);
          s[e.side() == Side.DEBIT ? 0 : 1] += e.amount().minorUnits();
        }
      }
      for (Map.Entry<CurrencyUnit, long[]> s : sums.entrySet()) {
        if (s.getValue()[0] != s.getValue()[1]) {
          failWithMessage("Expecting transaction %s to be balanced, but its %s %s entries have debits %s and credits %s%n%s",
              actual.id(), pending ? "pending" : "posted", s.getKey().code(),
              Money.ofMinor(s.getValue()[0], s.getKey()).toPlainString(),
              Money.ofMinor(s.getValue()[1], s.getKey()).toPlainString(), describe(actual));
        }
      }
    }
    return this;
  }

  /**
   * Checks the status.
   *
   * @param expected the status
   * @return this assertion
   */
  public TransactionAssert hasStatus(TransactionStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage("Expecting transaction %s to be %s but was %s%n%s", actual.id(), expected, actual.status(),
          describe(actual));
    }
    return this;
  }

  /** @return this assertion, after checking the status is POSTED */
  public TransactionAssert isPosted() {
    return hasStatus(TransactionStatus.POSTED);
  }

  /** @return this assertion, after checking the status is PENDING */
  public TransactionAssert isPending() {
    return hasStatus(TransactionStatus.PENDING);
  }

  /** @return this assertion, after checking the status is VOIDED */
  public TransactionAssert isVoided() {
    return hasStatus(TransactionStatus.VOIDED);
  }

  /** @return this assertion, after checking that another transaction reverses this one */
  public TransactionAssert isReversed() {
    isNotNull();
    if (actual.reversedBy() == null) {
      failWithMessage("Expecting transaction %s to be reversed, but no reversal is linked to it%n%s", actual.id(),
          describe(actual));
    }
    return this;
  }

  /** @return this assertion, after checking that no transaction reverses this one */
  public TransactionAssert isNotReversed() {
    isNotNull();
    if (actual.reversedBy() != null) {
      failWithMessage("Expecting transaction %s not to be reversed, but %s reverses it%n%s", actual.id(),
          actual.reversedBy(), describe(actual));
    }
    return this;
  }

  /**
   * Checks that this transaction is the reversal of another.
   *
   * @param original the reversed transaction
   * @return this assertion
   */
  public TransactionAssert reverses(TransactionId original) {
    isNotNull();
    if (!original.equals(actual.reverses())) {
      failWithMessage("Expecting transaction %s to reverse %s but it reverses %s%n%s", actual.id(), original,
          actual.reverses(), describe(actual));
    }
    return this;
  }

  /** @return this assertion, after checking the result was a replay of an earlier request (nothing written) */
  public TransactionAssert isReplay() {
    isNotNull();
    if (!actual.replayed()) {
      failWithMessage("Expecting transaction %s to be a replay, but it was newly booked%n%s", actual.id(),
          describe(actual));
    }
    return this;
  }

  /** @return this assertion, after checking the result was newly booked, not a replay */
  public TransactionAssert isNotReplay() {
    isNotNull();
    if (actual.replayed()) {
      failWithMessage("Expecting transaction %s to be newly booked, but it was a replay%n%s", actual.id(),
          describe(actual));
    }
    return this;
  }

  /**
   * Checks the number of entries, holds included.
   *
   * @param expected the number
   * @return this assertion
   */
  public TransactionAssert hasEntries(int expected) {
    isNotNull();
    if (actual.entries().size() != expected) {
      failWithMessage("Expecting transaction %s to have %s entries but it has %s%n%s", actual.id(), expected,
          actual.entries().size(), describe(actual));
    }
    return this;
  }

  /**
   * @param t a transaction
   * @return its header and one line per entry
   */
  static String describe(Transaction t) {
    StringBuilder s = new StringBuilder();
    s.append("  transaction ").append(t.id()).append(" key '").append(t.idempotencyKey()).append("' ")
        .append(t.status()).append(t.replayed() ? " (replay)" : "")
        .append(t.reverses() != null ? ", reverses " + t.reverses() : "")
        .append(t.reversedBy() != null ? ", reversed by " + t.reversedBy() : "").append(", entries:");
    for (Entry e : t.entries()) {
      s.append("\n    #").append(e.ordinal()).append(" account ").append(e.accountId()).append(' ')
          .append(e.side() == Side.DEBIT ? "DEBIT " : "CREDIT").append(' ').append(e.amount())
          .append(e.pending() ? " pending" : "");
    }
    return s.toString();
  }
}
