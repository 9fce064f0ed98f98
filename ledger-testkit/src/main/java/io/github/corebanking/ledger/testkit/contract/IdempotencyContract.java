package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 4: a key is unique per ledger; a repeat replays, a different request conflicts. */
abstract class IdempotencyContract extends ContractSupport {

  IdempotencyContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void repeatingARequestReturnsTheOriginalTransactionAndWritesNothing() {
    Book book = openBook();
    tick();
    PostingRequest request = transfer("pay-1", book.cash(), book.capital(), usd("10.00"));
    Transaction original = ledger.post(request);
    tick();
    Snapshot before = snapshot();

    Transaction replay = ledger.post(request);

    assertThat(replay.replayed()).isTrue();
    assertThat(replay).isEqualTo(original.asReplay());
    assertThat(snapshot()).isEqualTo(before);
    assertThat(ledger.transactionByKey("pay-1")).contains(original);
  }

  @Test
  void anEqualRequestBuiltAgainIsAReplay() {
    Book book = openBook();
    Transaction original = ledger.post(transfer("pay-1", book.cash(), book.capital(), usd("10.00")));
    Snapshot before = snapshot();

    Transaction replay = ledger.post(transfer("pay-1", book.cash(), book.capital(), usd("10.00")));

    assertThat(replay.replayed()).isTrue();
    assertThat(replay.id()).isEqualTo(original.id());
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void repeatingAHoldRequestReplaysIt() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    PostingRequest request = PostingRequest.builder().idempotencyKey("auth-1")
        .debit(book.deposit().id(), usd("30.00")).credit(book.settlement().id(), usd("30.00"))
        .pending(START.plus(Duration.ofDays(7))).build();
    Transaction original = ledger.post(request);
    Snapshot before = snapshot();

    Transaction replay = ledger.post(request);

    assertThat(replay).isEqualTo(original.asReplay());
    assertThat(snapshot()).isEqualTo(before);
    assertBalance(book.deposit(), 0, 10_000, 3_000, 0, 2);
  }

  @Test
  void theSameKeyWithAnotherAmountIsAConflict() {
    Book book = openBook();
    Transaction original = post("pay-1", book.cash(), book.capital(), usd("10.00"));

    LedgerException e = assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
        () -> ledger.post(transfer("pay-1", book.cash(), book.capital(), usd("10.01"))));
    assertThat(e.getMessage()).contains(original.id().toString());
    assertThat(ledger.transactionByKey("pay-1")).contains(original);
  }

  @Test
  void theSameKeyWithAnotherAccountDescriptionOrPhaseIsAConflict() {
    Book book = openBook();
    post("pay-1", book.cash(), book.capital(), usd("10.00"));

    assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
        () -> ledger.post(transfer("pay-1", book.salaries(), book.capital(), usd("10.00"))));
    assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("pay-1").description("changed")
            .debit(book.cash().id(), usd("10.00")).credit(book.capital().id(), usd("10.00")).build()));
    assertRejected(IdempotencyConflictException.class, "idempotencyKey", "pay-1",
        () -> hold("pay-1", book.cash(), book.capital(), usd("10.00"), null));
  }

  @Test
  void aKeyStaysTakenAfterItsHoldIsSettled() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("5.00"), null);
    ledger.voidPending(held.id());

    assertRejected(IdempotencyConflictException.class, "idempotencyKey", "auth-1",
        () -> ledger.post(transfer("auth-1", book.cash(), book.settlement(), usd("5.00"))));
  }
}
