package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionNotFoundException;
import io.github.corebanking.ledger.TransactionStateException;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rule 5: holds move pending counters; commit, partial commit and void, each once; expiry. */
abstract class TwoPhaseContract extends ContractSupport {

  TwoPhaseContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void aHoldMovesOnlyThePendingCounters() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Instant heldAt = tick();
    Instant expiry = heldAt.plus(Duration.ofDays(7));

    Transaction t = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), expiry);

    assertThat(t.status()).isEqualTo(TransactionStatus.PENDING);
    assertThat(t.expiresAt()).isEqualTo(expiry);
    assertThat(t.entries()).hasSize(2).allMatch(Entry::pending);
    assertThat(t.postedEntries()).isEmpty();
    assertThat(t.entries().get(0).balanceAfter()).isEqualTo(usd("100.00"));
    assertThat(t.entries().get(1).balanceAfter()).isEqualTo(usd("0.00"));
    assertBalance(book.deposit(), 0, 10_000, 3_000, 0, 2);
    assertBalance(book.settlement(), 0, 0, 0, 3_000, 1);
    Balance deposit = ledger.balance(book.deposit().id());
    assertThat(deposit.posted()).isEqualTo(usd("100.00"));
    assertThat(deposit.pending()).isEqualTo(usd("-30.00"));
    assertThat(deposit.available()).isEqualTo(usd("70.00"));
    Balance settlement = ledger.balance(book.settlement().id());
    assertThat(settlement.posted()).isEqualTo(usd("0.00"));
    assertThat(settlement.pending()).isEqualTo(usd("30.00"));
    assertThat(settlement.available()).as("a pending inflow is not available").isEqualTo(usd("0.00"));
    assertThat(ledger.transaction(t.id())).contains(t);
  }

  @Test
  void committingAHoldInFullPostsItsAmounts() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
    Instant committedAt = tick();

    Transaction committed = ledger.commit(held.id());

    assertThat(committed.id()).isEqualTo(held.id());
    assertThat(committed.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(committed.entries()).hasSize(4);
    assertThat(committed.entries().subList(0, 2)).isEqualTo(held.entries());
    List<Entry> posted = committed.postedEntries();
    assertThat(posted).hasSize(2);
    assertThat(posted).extracting(Entry::amount).containsOnly(usd("30.00"));
    assertThat(posted).extracting(Entry::postedAt).containsOnly(committedAt);
    assertThat(posted).extracting(Entry::side).containsExactly(Side.DEBIT, Side.CREDIT);
    assertThat(posted).extracting(Entry::balanceAfter).containsExactly(usd("70.00"), usd("30.00"));
    assertThat(committed.entries()).extracting(Entry::ordinal).containsExactly(0, 1, 2, 3);
    assertBalance(book.deposit(), 3_000, 10_000, 0, 0, 3);
    assertBalance(book.settlement(), 0, 3_000, 0, 0, 2);
    assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("70.00"));
    assertThat(ledger.transaction(held.id())).contains(committed);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void committingPartOfAHoldPostsThatAmountAndReleasesTheRest() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);

    Transaction committed = ledger.commit(held.id(), usd("20.00"));

    assertThat(committed.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(committed.postedEntries()).extracting(Entry::amount).containsOnly(usd("20.00"));
    assertBalance(book.deposit(), 2_000, 10_000, 0, 0, 3);
    assertBalance(book.settlement(), 0, 2_000, 0, 0, 2);
    assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("80.00"));
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void committingTheWholeHeldAmountExplicitlyIsAFullCommit() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);

    ledger.commit(held.id(), usd("30.00"));

    assertBalance(book.deposit(), 3_000, 10_000, 0, 0, 3);
  }

  @Test
  void voidingAHoldReleasesItWithoutPosting() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
    tick();

    Transaction voided = ledger.voidPending(held.id());

    assertThat(voided.status()).isEqualTo(TransactionStatus.VOIDED);
    assertThat(voided.entries()).isEqualTo(held.entries());
    assertBalance(book.deposit(), 0, 10_000, 0, 0, 3);
    assertBalance(book.settlement(), 0, 0, 0, 0, 2);
    assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("100.00"));
    assertThat(ledger.transaction(held.id())).contains(voided);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void committingTwiceIsRejected() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
    ledger.commit(held.id());

    LedgerException e = assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
        () -> ledger.commit(held.id()));
    assertThat(e.getMessage()).contains("POSTED");
    assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
        () -> ledger.commit(held.id(), usd("1.00")));
  }

  @Test
  void voidingTwiceIsRejected() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
    ledger.voidPending(held.id());

    LedgerException e = assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
        () -> ledger.voidPending(held.id()));
    assertThat(e.getMessage()).contains("VOIDED");
  }

  @Test
  void committingAVoidedHoldIsRejected() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
    ledger.voidPending(held.id());

    assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
        () -> ledger.commit(held.id()));
    assertThat(ledger.transaction(held.id()).orElseThrow().status()).isEqualTo(TransactionStatus.VOIDED);
  }

  @Test
  void voidingACommittedHoldIsRejected() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);
    ledger.commit(held.id());

    assertRejected(TransactionStateException.class, "transactionId", held.id().toString(),
        () -> ledger.voidPending(held.id()));
    assertThat(ledger.transaction(held.id()).orElseThrow().status()).isEqualTo(TransactionStatus.POSTED);
  }

  @Test
  void committingOrVoidingAPostedTransactionIsRejected() {
    Book book = openBook();
    Transaction posted = post("plain", book.cash(), book.capital(), usd("10.00"));

    assertRejected(TransactionStateException.class, "transactionId", posted.id().toString(),
        () -> ledger.commit(posted.id()));
    assertRejected(TransactionStateException.class, "transactionId", posted.id().toString(),
        () -> ledger.voidPending(posted.id()));
  }

  @Test
  void committingMoreThanTheHoldIsRejected() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);

    assertRejected(InvalidAmountException.class, "amount", "30.01 USD",
        () -> ledger.commit(held.id(), usd("30.01")));
    assertThat(ledger.transaction(held.id()).orElseThrow().status()).isEqualTo(TransactionStatus.PENDING);
  }

  @Test
  void committingAZeroOrForeignAmountIsRejected() {
    Book book = openBook();
    Transaction held = hold("auth-1", book.cash(), book.settlement(), usd("30.00"), null);

    assertRejected(InvalidAmountException.class, "amount", "0.00 USD",
        () -> ledger.commit(held.id(), usd("0.00")));
    assertRejected(CurrencyMismatchException.class, "amount", "10.00 EUR",
        () -> ledger.commit(held.id(), eur("10.00")));
  }

  @Test
  void settlingAnUnknownTransactionIsRejected() {
    openBook();
    TransactionId unknown = new TransactionId(UUID.fromString("00000000-0000-7000-8000-0000000000aa"));
    assertRejected(TransactionNotFoundException.class, "transactionId", unknown.toString(),
        () -> ledger.commit(unknown));
    assertRejected(TransactionNotFoundException.class, "transactionId", unknown.toString(),
        () -> ledger.voidPending(unknown));
  }

  @Test
  void aHoldOnAFrozenAccountCanBeVoidedButNotCommitted() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction held = hold("auth-1", book.deposit(), book.settlement(), usd("30.00"), null);
    ledger.freezeAccount(book.deposit().id());

    assertRejected(AccountStateException.class, "entries[0].accountId", book.deposit().id().toString(),
        () -> ledger.commit(held.id()));

    Transaction voided = ledger.voidPending(held.id());
    assertThat(voided.status()).isEqualTo(TransactionStatus.VOIDED);
    assertBalance(book.deposit(), 0, 10_000, 0, 0, 3);
  }

  @Test
  void theExpiryJobVoidsExpiredHoldsOnly() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Transaction early = hold("early", book.deposit(), book.settlement(), usd("10.00"), START.plus(Duration.ofHours(1)));
    Transaction late = hold("late", book.deposit(), book.settlement(), usd("20.00"), START.plus(Duration.ofHours(3)));
    Transaction open = hold("open-ended", book.deposit(), book.settlement(), usd("5.00"), null);
    Transaction settled = hold("settled", book.deposit(), book.settlement(), usd("7.00"), START.plus(Duration.ofHours(1)));
    ledger.commit(settled.id());
    clock.set(START.plus(Duration.ofHours(2)));

    JobResult first = new ExpireHoldsJob(ledger, store, clock, 100).run();

    assertThat(first.status()).as("%s", first).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.count("voided")).isEqualTo(1);
    assertThat(status(early)).isEqualTo(TransactionStatus.VOIDED);
    assertThat(status(late)).isEqualTo(TransactionStatus.PENDING);
    assertThat(status(open)).isEqualTo(TransactionStatus.PENDING);
    assertThat(status(settled)).isEqualTo(TransactionStatus.POSTED);
    assertBalance(book.deposit(), 700, 10_000, 2_500, 0, 7);

    JobResult again = new ExpireHoldsJob(ledger, store, clock, 100).run();
    assertThat(again.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(again.count("voided")).isZero();

    clock.set(START.plus(Duration.ofHours(3)));
    JobResult atExpiry = new ExpireHoldsJob(ledger, store, clock, 100).run();
    assertThat(atExpiry.count("voided")).as("a hold expires at its expiresAt").isEqualTo(1);
    assertThat(status(late)).isEqualTo(TransactionStatus.VOIDED);
    assertThat(status(open)).isEqualTo(TransactionStatus.PENDING);
    assertBalance(book.deposit(), 700, 10_000, 500, 0, 8);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void theExpiryJobWorksThroughMoreHoldsThanOneBatch() {
    Book book = openBook();
    for (int i = 0; i < 7; i++) {
      hold("auth-" + i, book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(5)));
    }
    clock.set(START.plus(Duration.ofHours(1)));

    JobResult result = new ExpireHoldsJob(ledger, store, clock, 3).run();

    assertThat(result.count("voided")).as("%s", result).isEqualTo(7);
    assertBalance(book.settlement(), 0, 0, 0, 0, 14);
    assertThat(store.findExpiredHolds(clock.instant(), 100)).isEmpty();
  }

  @Test
  void expiredHoldsAreListedOldestExpiryFirstUpToTheLimit() {
    Book book = openBook();
    Transaction thirty = hold("h30", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(30)));
    Transaction ten = hold("h10", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(10)));
    Transaction twenty = hold("h20", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(20)));
    hold("h90", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(90)));
    hold("forever", book.cash(), book.settlement(), usd("1.00"), null);
    Transaction voided = hold("h5", book.cash(), book.settlement(), usd("1.00"), START.plus(Duration.ofMinutes(5)));
    ledger.voidPending(voided.id());
    Instant now = START.plus(Duration.ofHours(1));

    assertThat(store.findExpiredHolds(now, 100)).containsExactly(ten.id(), twenty.id(), thirty.id());
    assertThat(store.findExpiredHolds(now, 2)).containsExactly(ten.id(), twenty.id());
    assertThat(store.findExpiredHolds(START.plus(Duration.ofMinutes(20)), 100)).containsExactly(ten.id(), twenty.id());
    assertThat(store.findExpiredHolds(START, 100)).isEmpty();
  }
}
