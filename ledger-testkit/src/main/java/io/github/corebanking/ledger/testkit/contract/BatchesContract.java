package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.spi.AppliedPosting;
import io.github.corebanking.ledger.spi.IdGenerator;
import io.github.corebanking.ledger.spi.StorePosting;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Ledger#postAll}: all or nothing. */
abstract class BatchesContract extends ContractSupport {

  BatchesContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void aGoodBatchIsWrittenInFull() {
    Book book = openBook();
    List<Transaction> booked = ledger.postAll(List.of(
        transfer("b-1", book.cash(), book.capital(), usd("100.00")),
        transfer("b-2", book.cash(), book.deposit(), usd("50.00")),
        PostingRequest.builder().idempotencyKey("b-3").debit(book.deposit().id(), usd("20.00"))
            .credit(book.settlement().id(), usd("20.00")).pending().build(),
        transfer("b-4", book.eurCash(), book.eurCapital(), eur("30.00"))));

    assertThat(booked).extracting(Transaction::idempotencyKey).containsExactly("b-1", "b-2", "b-3", "b-4");
    assertThat(booked).extracting(Transaction::status).containsExactly(TransactionStatus.POSTED,
        TransactionStatus.POSTED, TransactionStatus.PENDING, TransactionStatus.POSTED);
    for (Transaction t : booked) {
      assertThat(t.replayed()).isFalse();
      assertThat(ledger.transactionByKey(t.idempotencyKey())).contains(t);
    }
    assertBalance(book.cash(), 15_000, 0, 0, 0, 2);
    assertBalance(book.deposit(), 0, 5_000, 2_000, 0, 2);
    assertBalance(book.settlement(), 0, 0, 0, 2_000, 1);
    assertBalance(book.eurCash(), 3_000, 0, 0, 0, 1);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void oneBadPostingInABatchWritesNone() {
    Book book = openBook();
    AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-0000000000cc"));
    assertRejected(AccountNotFoundException.class, "requests[2].entries[1].accountId",
        unknown.toString(), () -> ledger.postAll(List.of(
            transfer("b-1", book.cash(), book.capital(), usd("100.00")),
            transfer("b-2", book.cash(), book.deposit(), usd("50.00")),
            transfer("b-3", book.cash(), unknown, usd("1.00")))));
    assertNothingBookedUnder("b-1", "b-2", "b-3");
  }

  @Test
  void aBatchBreakingAConstraintPartWayWritesNone() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    assertRejected(BalanceConstraintException.class, "requests[1].entries[0].accountId",
        book.deposit().id().toString(), () -> ledger.postAll(List.of(
            transfer("w-1", book.deposit(), book.cash(), usd("60.00")),
            transfer("w-2", book.deposit(), book.cash(), usd("60.00")))));
    assertNothingBookedUnder("w-1", "w-2");
  }

  @Test
  void aBatchWithAConflictingKeyWritesNone() {
    Book book = openBook();
    post("taken", book.cash(), book.capital(), usd("1.00"));
    assertRejected(IdempotencyConflictException.class, "requests[1].idempotencyKey", "taken",
        () -> ledger.postAll(List.of(
            transfer("fresh", book.cash(), book.capital(), usd("5.00")),
            transfer("taken", book.cash(), book.capital(), usd("2.00")))));
    assertNothingBookedUnder("fresh");
  }

  @Test
  void aRejectionLateInABatchNamesItsRequest() {
    Book book = openBook();
    List<PostingRequest> good = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      good.add(transfer("g-" + i, book.cash(), book.capital(), usd("1.00")));
    }
    List<PostingRequest> batch = new java.util.ArrayList<>(good);
    batch.add(transfer("bad", book.cash(), book.eurCapital(), usd("1.00")));
    assertRejected(io.github.corebanking.ledger.CurrencyMismatchException.class, "requests[6].entries[1].amount",
        "1.00 USD", () -> ledger.postAll(batch));
    assertNothingBookedUnder("g-0", "g-5", "bad");
  }

  @Test
  void aBatchRepeatingAnEarlierRequestReplaysItAndWritesTheRest() {
    Book book = openBook();
    PostingRequest earlier = transfer("earlier", book.cash(), book.capital(), usd("1.00"));
    Transaction original = ledger.post(earlier);

    List<Transaction> booked = ledger.postAll(List.of(
        transfer("fresh", book.cash(), book.capital(), usd("5.00")), earlier));

    assertThat(booked.get(0).replayed()).isFalse();
    assertThat(booked.get(1)).isEqualTo(original.asReplay());
    assertBalance(book.cash(), 600, 0, 0, 0, 2);
  }

  /**
   * Through the SPI a batch may create a hold and commit it: its pending entries belong to its
   * creation and its posted ones to its commit, as when the two are booked one after the other.
   */
  @Test
  void aHoldCreatedAndCommittedInOneStoreBatchIsBookedAsInTwo() {
    Book book = openBook();
    Instant at = tick();
    TransactionId id = new TransactionId(IdGenerator.random().nextId());
    Money amount = usd("7.00");
    StorePosting.NewTransaction hold = new StorePosting.NewTransaction(id, "spi-hold", "spi-hold-hash", "SPI hold",
        LocalDate.ofInstant(at, ZoneOffset.UTC), at, true, null, Map.of(),
        List.of(EntryRequest.debit(book.cash().id(), amount), EntryRequest.credit(book.capital().id(), amount)),
        IdGenerator.random());
    StorePosting.CommitHold commit = new StorePosting.CommitHold(id, null, at, IdGenerator.random());

    List<AppliedPosting> applied = store.applyAll(List.of(hold, commit));

    assertThat(applied.get(1).transaction().status()).isEqualTo(TransactionStatus.POSTED);
    Transaction stored = ledger.transaction(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(stored.postedEntries()).hasSize(2);
    assertThat(stored.pendingEntries()).hasSize(2);
    assertBalance(book.cash(), 700, 0, 0, 0, 2);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }
}
