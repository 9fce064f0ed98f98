package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rule 6: a reversal swaps sides, links both ways, restores balances, and happens once. */
abstract class ReversalContract extends ContractSupport {

  ReversalContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void reversingSwapsTheSidesAndLinksBothWays() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction fee = post("fee-1", book.deposit(), book.fees(), usd("2.50"));
    Instant reversedAt = tick();

    Transaction reversal = ledger.reverse(fee.id());

    assertThat(reversal.id()).isNotEqualTo(fee.id());
    assertThat(reversal.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(reversal.replayed()).isFalse();
    assertThat(reversal.idempotencyKey()).isEqualTo("reversal:" + fee.id());
    assertThat(reversal.postedAt()).isEqualTo(reversedAt);
    assertThat(reversal.reverses()).isEqualTo(fee.id());
    assertThat(reversal.entries()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Entry original = fee.entries().get(i);
      Entry swapped = reversal.entries().get(i);
      assertThat(swapped.accountId()).isEqualTo(original.accountId());
      assertThat(swapped.amount()).isEqualTo(original.amount());
      assertThat(swapped.side()).isEqualTo(original.side().opposite());
      assertThat(swapped.pending()).isFalse();
    }
    Transaction reread = ledger.transaction(fee.id()).orElseThrow();
    assertThat(reread.reversedBy()).isEqualTo(reversal.id());
    assertThat(reread.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(ledger.transaction(reversal.id())).contains(reversal);
    assertThat(ledger.transactionByKey("reversal:" + fee.id())).contains(reversal);
    assertBalance(book.deposit(), 250, 10_250, 0, 0, 3);
    assertThat(ledger.balance(book.deposit().id()).posted()).isEqualTo(usd("100.00"));
    assertThat(ledger.balance(book.fees().id()).posted()).isEqualTo(usd("0.00"));
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void aReversalKeepsTheCallersKeyAndDescription() {
    Book book = openBook();
    Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));

    Transaction reversal = ledger.reverse(fee.id(), "refund-fee-1", "Refund of fee 1");

    assertThat(reversal.idempotencyKey()).isEqualTo("refund-fee-1");
    assertThat(reversal.description()).isEqualTo("Refund of fee 1");
    assertThat(ledger.transactionByKey("refund-fee-1")).contains(reversal);
  }

  @Test
  void reversingAgainWithTheSameKeyReplays() {
    Book book = openBook();
    Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
    Transaction reversal = ledger.reverse(fee.id());
    Transaction custom = ledger.reverse(post("fee-2", book.cash(), book.fees(), usd("1.00")).id(),
        "refund-2", "Refund 2");
    Snapshot before = snapshot();

    Transaction again = ledger.reverse(fee.id());
    Transaction customAgain = ledger.reverse(custom.reverses(), "refund-2", "Refund 2");

    assertThat(again.replayed()).isTrue();
    assertThat(again.id()).isEqualTo(reversal.id());
    assertThat(customAgain.replayed()).isTrue();
    assertThat(customAgain.id()).isEqualTo(custom.id());
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void reversingTwiceWithAnotherKeyIsRejected() {
    Book book = openBook();
    Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
    Transaction reversal = ledger.reverse(fee.id());

    LedgerException e = assertRejected(TransactionStateException.class, "transactionId", fee.id().toString(),
        () -> ledger.reverse(fee.id(), "second-reversal", "Again"));
    assertThat(e.getMessage()).contains(reversal.id().toString());
    assertNothingBookedUnder("second-reversal");
  }

  @Test
  void reusingAReversalKeyForAnotherReversalIsAConflict() {
    Book book = openBook();
    Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
    ledger.reverse(fee.id(), "refund", "Refund");

    assertRejected(IdempotencyConflictException.class, "idempotencyKey", "refund",
        () -> ledger.reverse(fee.id(), "refund", "Refund, reworded"));
  }

  @Test
  void reversingAPendingOrVoidedTransactionIsRejected() {
    Book book = openBook();
    Transaction pending = hold("auth-1", book.cash(), book.settlement(), usd("5.00"), null);
    Transaction voided = hold("auth-2", book.cash(), book.settlement(), usd("6.00"), null);
    ledger.voidPending(voided.id());

    LedgerException e = assertRejected(TransactionStateException.class, "transactionId", pending.id().toString(),
        () -> ledger.reverse(pending.id()));
    assertThat(e.getMessage()).contains("PENDING");
    assertRejected(TransactionStateException.class, "transactionId", voided.id().toString(),
        () -> ledger.reverse(voided.id()));
    assertNothingBookedUnder("reversal:" + pending.id(), "reversal:" + voided.id());
  }

  @Test
  void reversingACommittedHoldReversesWhatWasPosted() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
    ledger.commit(held.id(), usd("20.00"));

    Transaction reversal = ledger.reverse(held.id());

    assertThat(reversal.entries()).hasSize(2);
    assertThat(reversal.entries()).extracting(Entry::amount).containsOnly(usd("20.00"));
    assertThat(reversal.entries()).extracting(Entry::side).containsExactly(Side.CREDIT, Side.DEBIT);
    assertThat(ledger.balance(book.deposit().id()).posted()).isEqualTo(usd("100.00"));
    assertThat(ledger.balance(book.settlement().id()).posted()).isEqualTo(usd("0.00"));
  }

  @Test
  void reversingAnUnknownTransactionIsRejected() {
    openBook();
    TransactionId unknown = new TransactionId(UUID.fromString("00000000-0000-7000-8000-0000000000bb"));
    assertRejected(TransactionNotFoundException.class, "transactionId", unknown.toString(),
        () -> ledger.reverse(unknown));
  }

  @Test
  void aReversalThatWouldOverdrawIsRejected() {
    Book book = openBook();
    Transaction deposit = post("deposit", book.cash(), book.deposit(), usd("100.00"));
    post("withdraw", book.deposit(), book.cash(), usd("80.00"));

    assertRejected(BalanceConstraintException.class, "entries[1].accountId", book.deposit().id().toString(),
        () -> ledger.reverse(deposit.id()));
    assertThat(ledger.transaction(deposit.id()).orElseThrow().reversedBy()).isNull();
  }

  @Test
  void aReversalTouchingAFrozenAccountIsRejected() {
    Book book = openBook();
    Transaction fee = post("fee-1", book.cash(), book.fees(), usd("2.50"));
    ledger.freezeAccount(book.fees().id());

    assertRejected(AccountStateException.class, "entries[1].accountId", book.fees().id().toString(),
        () -> ledger.reverse(fee.id()));
    assertThat(ledger.transaction(fee.id()).orElseThrow().reversedBy()).isNull();
  }
}
