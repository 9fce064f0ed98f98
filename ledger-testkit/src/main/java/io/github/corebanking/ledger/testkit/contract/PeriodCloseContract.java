package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.PeriodClosure;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ExpireHoldsJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Period close: once {@code closePeriod(d)} returns, nothing with a value date on or before
 * {@code d} is booked (posting, commit, void), a reversal of a closed period's posting is booked on
 * the first open day, closures form a stack of which only the latest is reopened (recorded with who
 * and why), and a close never lets a posting in flight slip in after it returned. The clock stands
 * at {@link LedgerStoreContract#START} (2026-01-15, UTC).
 */
abstract class PeriodCloseContract extends ContractSupport {

  static final LocalDate D10 = LocalDate.parse("2026-01-10");
  static final LocalDate D11 = LocalDate.parse("2026-01-11");
  static final LocalDate D12 = LocalDate.parse("2026-01-12");
  static final LocalDate D13 = LocalDate.parse("2026-01-13");
  static final LocalDate D14 = LocalDate.parse("2026-01-14");
  static final LocalDate TODAY = LocalDate.parse("2026-01-15");

  PeriodCloseContract(LedgerStoreContract contract) {
    super(contract);
  }

  static PostingRequest dated(String key, Book book, String amount, LocalDate date) {
    return PostingRequest.builder().idempotencyKey(key).description("Dated " + key)
        .debit(book.cash().id(), usd(amount)).credit(book.capital().id(), usd(amount)).effectiveDate(date).build();
  }

  Transaction datedHold(String key, Book book, String amount, LocalDate date) {
    return ledger.post(PostingRequest.builder().idempotencyKey(key).description("Hold " + key)
        .debit(book.cash().id(), usd(amount)).credit(book.capital().id(), usd(amount)).effectiveDate(date)
        .pending().build());
  }

  @Test
  void aClosedPeriodRefusesPostingsCommitsAndVoidsDatedInIt() {
    Book book = openBook();
    Transaction committable = datedHold("hold-1", book, "10.00", D12);
    Transaction voidable = datedHold("hold-2", book, "20.00", D12);
    tick();

    PeriodClosure closure = ledger.closePeriod(D14, Map.of("closedBy", "controller"));

    assertThat(closure.through()).isEqualTo(D14);
    assertThat(closure.standing()).isTrue();
    assertThat(closure.metadata()).containsEntry("closedBy", "controller");
    assertThat(ledger.closedThrough()).contains(D14);
    PeriodClosedException onTheDay = assertRejected(PeriodClosedException.class, "effectiveDate", "2026-01-14",
        () -> ledger.post(dated("late-1", book, "5.00", D14)));
    assertThat(onTheDay.closedThrough()).isEqualTo(D14);
    assertThat(onTheDay.getMessage()).contains("closed through 2026-01-14");
    assertRejected(PeriodClosedException.class, "effectiveDate", "2026-01-13",
        () -> ledger.post(dated("late-2", book, "5.00", D13)));
    assertRejected(PeriodClosedException.class, "effectiveDate", "2026-01-12",
        () -> ledger.commit(committable.id()));
    assertRejected(PeriodClosedException.class, "effectiveDate", "2026-01-12",
        () -> ledger.voidPending(voidable.id()));
    assertNothingBookedUnder("late-1", "late-2");
    assertThat(status(committable)).isEqualTo(TransactionStatus.PENDING);
    assertThat(status(voidable)).isEqualTo(TransactionStatus.PENDING);

    Transaction open = ledger.post(dated("on-time", book, "5.00", TODAY));
    assertThat(open.effectiveDate()).isEqualTo(TODAY);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void aBatchNamesItsRequestInAClosedPeriodAndBooksNothing() {
    Book book = openBook();
    ledger.closePeriod(D12, Map.of());

    assertRejected(PeriodClosedException.class, "requests[1].effectiveDate", "2026-01-12",
        () -> ledger.postAll(List.of(dated("batch-1", book, "1.00", D13), dated("batch-2", book, "1.00", D12))));
    assertNothingBookedUnder("batch-1", "batch-2");
  }

  @Test
  void aPostingBookedBeforeTheCloseIsStillReplayedAfterIt() {
    Book book = openBook();
    Transaction booked = ledger.post(dated("early", book, "3.00", D13));
    tick();
    ledger.closePeriod(D14, Map.of());

    Transaction replay = ledger.post(dated("early", book, "3.00", D13));

    assertThat(replay.id()).isEqualTo(booked.id());
    assertThat(replay.replayed()).isTrue();
  }

  @Test
  void aReversalOfAClosedPeriodsPostingIsBookedOnTheFirstOpenDayAndLinked() {
    Book book = openBook();
    Transaction old = ledger.post(dated("old", book, "8.00", D10));
    tick();
    ledger.closePeriod(D13, Map.of());

    Transaction reversal = ledger.reverse(old.id());

    assertThat(reversal.effectiveDate()).isEqualTo(D14);
    assertThat(reversal.reverses()).isEqualTo(old.id());
    assertThat(ledger.transaction(old.id()).orElseThrow().reversedBy()).isEqualTo(reversal.id());
    assertThat(ledger.balance(book.cash().id()).posted()).isEqualTo(usd("0.00"));
    Transaction recent = ledger.post(dated("recent", book, "2.00", TODAY));
    assertThat(ledger.reverse(recent.id()).effectiveDate()).isEqualTo(TODAY);
  }

  @Test
  void closuresFormAStackOfWhichOnlyTheLatestIsReopenedWithWhoAndWhy() {
    Book book = openBook();
    ledger.closePeriod(D10, Map.of("closedBy", "controller"));
    tick();
    ledger.closePeriod(D12, Map.of("closedBy", "controller"));

    assertRejected(InvalidRequestException.class, "through", "2026-01-11", () -> ledger.closePeriod(D11, Map.of()));
    assertRejected(InvalidRequestException.class, "through", "2026-01-12", () -> ledger.closePeriod(D12, Map.of()));
    assertRejected(InvalidRequestException.class, "through", "2026-01-16",
        () -> ledger.closePeriod(TODAY.plusDays(1), Map.of()));
    assertRejected(InvalidRequestException.class, "through", "2026-01-10",
        () -> ledger.reopenPeriod(D10, Map.of("reopenedBy", "cfo")));
    assertRejected(InvalidRequestException.class, "metadata", "{}", () -> ledger.reopenPeriod(D12, Map.of()));
    assertRejected(InvalidRequestException.class, "through", "-999999999-01-01",
        () -> ledger.closePeriod(LocalDate.MIN, Map.of()));
    assertRejected(InvalidRequestException.class, "through", "null", () -> ledger.closePeriod(null, Map.of()));
    assertThat(ledger.closedThrough()).contains(D12);

    tick();
    PeriodClosure reopened = ledger.reopenPeriod(D12, Map.of("reopenedBy", "cfo", "reason", "late invoice"));

    assertThat(reopened.through()).isEqualTo(D12);
    assertThat(reopened.standing()).isFalse();
    assertThat(reopened.reopenedAt()).isEqualTo(clock.instant());
    assertThat(reopened.reopenedMetadata()).containsEntry("reopenedBy", "cfo").containsEntry("reason", "late invoice");
    assertThat(ledger.closedThrough()).contains(D10);
    assertThat(ledger.periodClosures()).extracting(PeriodClosure::through).containsExactly(D10, D12);
    assertThat(ledger.periodClosures().get(1)).isEqualTo(reopened);
    assertThat(ledger.post(dated("reopened-day", book, "1.00", D11)).effectiveDate()).isEqualTo(D11);
    assertRejected(PeriodClosedException.class, "effectiveDate", "2026-01-10",
        () -> ledger.post(dated("still-closed", book, "1.00", D10)));
    ledger.closePeriod(D11, Map.of("closedBy", "controller"));
    assertThat(ledger.closedThrough()).contains(D11);
    assertThat(ledger.periodClosures()).extracting(PeriodClosure::through).containsExactly(D10, D12, D11);
  }

  @Test
  void anExpiredHoldOfAClosedPeriodStaysPendingUntilItsPeriodReopens() {
    Book book = openBook();
    Transaction closedHold = ledger.post(PostingRequest.builder().idempotencyKey("old-hold").description("old hold")
        .debit(book.cash().id(), usd("4.00")).credit(book.capital().id(), usd("4.00")).effectiveDate(D12)
        .pending(clock.instant().plusSeconds(60)).build());
    Transaction openHold = hold("new-hold", book.cash(), book.capital(), usd("6.00"), clock.instant().plusSeconds(60));
    ledger.closePeriod(D13, Map.of());
    clock.advance(java.time.Duration.ofMinutes(5));
    ExpireHoldsJob job = new ExpireHoldsJob(ledger, store, clock, 1);

    JobResult first = job.run();

    assertThat(first.status()).as("%s", first).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.counts()).containsEntry("voided", 1L).containsEntry("inClosedPeriod", 0L);
    assertThat(store.findExpiredHolds(clock.instant(), 10)).as("expired holds a void may settle").isEmpty();
    assertThat(status(openHold)).isEqualTo(TransactionStatus.VOIDED);
    assertThat(status(closedHold)).isEqualTo(TransactionStatus.PENDING);

    ledger.reopenPeriod(D13, Map.of("reopenedBy", "controller", "reason", "void expired holds"));
    JobResult second = job.run();

    assertThat(second.counts()).containsEntry("voided", 1L).containsEntry("inClosedPeriod", 0L);
    assertThat(status(closedHold)).isEqualTo(TransactionStatus.VOIDED);
  }

  /**
   * Posters book into the period being closed while another thread closes it. A posting whose call
   * began before the close returned may be booked (it was in flight); one whose call began after
   * must be refused.
   */
  @Test
  void noPostingSlipsIntoAPeriodAfterItsCloseReturned() throws InterruptedException {
    Book book = openBook();
    int posters = 4;
    AtomicLong closedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicInteger booked = new AtomicInteger();
    List<Outcome<List<String>>> outcomes = runConcurrently(posters + 1, i -> () -> {
      List<String> slipped = new ArrayList<>();
      if (i == posters) {
        while (booked.get() < 20) {
          Thread.onSpinWait();
        }
        ledger.closePeriod(D14, Map.of("closedBy", "race"));
        closedAt.set(System.nanoTime());
        return slipped;
      }
      int refusals = 0;
      for (int n = 0; n < 150 && refusals < 3; n++) {
        long start = System.nanoTime();
        try {
          ledger.post(dated("race-" + i + "-" + n, book, "1.00", D14));
          booked.incrementAndGet();
          if (start > closedAt.get()) {
            slipped.add("race-" + i + "-" + n);
          }
        } catch (PeriodClosedException e) {
          refusals++;
        }
      }
      return slipped;
    });

    for (Outcome<List<String>> o : outcomes) {
      assertThat(o.error()).as("what a thread threw").isNull();
      assertThat(o.value()).as("postings booked in the closed period after the close returned").isEmpty();
    }
    assertThat(closedAt.get()).as("the close returned").isNotEqualTo(Long.MAX_VALUE);
    assertThat(booked.get()).as("postings booked before the close").isGreaterThanOrEqualTo(20);
    assertRejected(PeriodClosedException.class, "effectiveDate", "2026-01-14",
        () -> ledger.post(dated("after-race", book, "1.00", D14)));
    assertThat(ledger.balance(book.cash().id()).posted()).isEqualTo(usd(booked.get() + ".00"));
  }
}
