package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.Change;
import io.github.corebanking.ledger.ChangePage;
import io.github.corebanking.ledger.ChangeType;
import io.github.corebanking.ledger.ChangesPrunedException;
import io.github.corebanking.ledger.ImportedPosting;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.job.ChangeFeedRetentionJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The change feed ({@code Ledger.changes}): every committed transaction and status change, with
 * dense positions from 1 in commit order, read in pages; nothing for what is rejected or replayed;
 * readers running beside writers never miss a change; retention prunes the oldest part and a
 * reader behind it is told so.
 */
abstract class ChangeFeedContract extends ContractSupport {

  ChangeFeedContract(LedgerStoreContract contract) {
    super(contract);
  }

  /** What a test expects of one change. */
  record Expected(ChangeType type, TransactionId id, TransactionStatus status, Instant at) {
    static Expected of(Change c) {
      return new Expected(c.type(), c.transactionId(), c.status(), c.at());
    }
  }

  /** Reads the whole feed after a position, in pages of {@code size}, checking each page's links. */
  List<Change> readAll(long after, int size) {
    List<Change> all = new ArrayList<>();
    long position = after;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      ChangePage page = ledger.changes(position, size);
      assertThat(page.changes()).as("page after %s", position).hasSizeLessThanOrEqualTo(size);
      if (page.isEmpty()) {
        assertThat(page.next()).as("an empty page's next").isEqualTo(position);
        return all;
      }
      assertThat(page.changes().get(0).position()).as("first position after %s", position).isEqualTo(position + 1);
      all.addAll(page.changes());
      position = page.next();
    }
    throw new AssertionError("the feed did not end within " + MAX_PAGES + " pages");
  }

  static void assertDense(List<Change> changes, long first) {
    for (int i = 0; i < changes.size(); i++) {
      assertThat(changes.get(i).position()).as("position of change %s", i).isEqualTo(first + i);
    }
  }

  @Test
  void everyBookingAndStatusChangeAppearsOnceInCommitOrder() {
    Book b = openBook();
    Instant t1 = tick();
    Transaction capital = post("capital", b.cash(), b.capital(), usd("1000.00"));
    Instant t2 = tick();
    Transaction held = hold("held", b.fees(), b.cash(), usd("10.00"), null);
    Instant t3 = tick();
    Transaction committed = ledger.commit(held.id());
    Instant t4 = tick();
    Transaction dropped = hold("dropped", b.fees(), b.cash(), usd("5.00"), null);
    Instant t5 = tick();
    ledger.voidPending(dropped.id());
    Instant t6 = tick();
    Transaction reversal = ledger.reverse(capital.id());
    Instant t7 = tick();
    List<Transaction> batch = ledger.postAll(List.of(
        transfer("batch-1", b.cash(), b.capital(), usd("1.00")),
        transfer("batch-2", b.salaries(), b.cash(), usd("2.00"))));

    List<Change> feed = readAll(0, 100);

    assertDense(feed, 1);
    assertThat(feed.stream().map(Expected::of).toList()).containsExactly(
        new Expected(ChangeType.BOOKED, capital.id(), TransactionStatus.POSTED, t1),
        new Expected(ChangeType.BOOKED, held.id(), TransactionStatus.PENDING, t2),
        new Expected(ChangeType.COMMITTED, held.id(), TransactionStatus.POSTED, t3),
        new Expected(ChangeType.BOOKED, dropped.id(), TransactionStatus.PENDING, t4),
        new Expected(ChangeType.VOIDED, dropped.id(), TransactionStatus.VOIDED, t5),
        new Expected(ChangeType.BOOKED, reversal.id(), TransactionStatus.POSTED, t6),
        new Expected(ChangeType.REVERSED, capital.id(), TransactionStatus.POSTED, t6),
        new Expected(ChangeType.BOOKED, batch.get(0).id(), TransactionStatus.POSTED, t7),
        new Expected(ChangeType.BOOKED, batch.get(1).id(), TransactionStatus.POSTED, t7));
    assertThat(committed.status()).isEqualTo(TransactionStatus.POSTED);
  }

  @Test
  void aChangeCarriesItsTransactionAsStoredWithItsEntries() {
    Book b = openBook();
    Transaction held = hold("held", b.fees(), b.cash(), usd("10.00"), null);
    ledger.commit(held.id(), usd("7.50"));
    Transaction plain = post("plain", b.cash(), b.capital(), usd("3.00"));
    Transaction reversal = ledger.reverse(plain.id());

    for (Change c : readAll(0, 100)) {
      Transaction stored = ledger.transaction(c.transactionId()).orElseThrow();
      assertThat(c.transaction()).as("transaction of change %s (%s)", c.position(), c.type()).isEqualTo(stored);
    }
    assertThat(ledger.changes(0, 100).changes()).filteredOn(c -> c.type() == ChangeType.REVERSED)
        .singleElement().satisfies(c -> assertThat(c.transaction().reversedBy()).isEqualTo(reversal.id()));
  }

  @Test
  void pagesOfAnySizeReadTheSameFeed() {
    Book b = openBook();
    for (int i = 0; i < 7; i++) {
      tick();
      post("p-" + i, b.cash(), b.capital(), usd("1.00"));
    }
    Transaction held = hold("h", b.fees(), b.cash(), usd("1.00"), null);
    ledger.voidPending(held.id());

    List<Change> whole = readAll(0, 1000);
    assertThat(whole).hasSize(9);
    for (int size : new int[] {1, 2, 3, 8}) {
      assertThat(readAll(0, size)).as("pages of %s", size).isEqualTo(whole);
    }
    assertThat(readAll(4, 3)).isEqualTo(whole.subList(4, 9));
    ChangePage beyond = ledger.changes(50, 10);
    assertThat(beyond.changes()).isEmpty();
    assertThat(beyond.next()).isEqualTo(50);
  }

  @Test
  void rejectedAndReplayedRequestsAddNoChange() {
    Book b = openBook();
    post("capital", b.cash(), b.capital(), usd("100.00"));
    List<Change> before = readAll(0, 100);

    // A replay writes nothing; an overdraft of a constrained account and a batch with one are refused.
    post("capital", b.cash(), b.capital(), usd("100.00"));
    Throwable overdraft = catchThrowable(() -> post("overdraw", b.deposit(), b.cash(), usd("1.00")));
    Throwable batch = catchThrowable(() -> ledger.postAll(List.of(
        transfer("ok-in-batch", b.cash(), b.capital(), usd("1.00")),
        transfer("overdraw-in-batch", b.deposit(), b.cash(), usd("1.00")))));

    assertThat(overdraft).isInstanceOf(BalanceConstraintException.class);
    assertThat(batch).isInstanceOf(BalanceConstraintException.class);
    assertThat(readAll(0, 100)).isEqualTo(before);
  }

  @Test
  void importedHistoryIsBookedInTheFeedAtItsBookingInstants() {
    Book b = openBook();
    Instant first = START.minusSeconds(86_400 * 30);
    Instant second = first.plusSeconds(3_600);
    List<Transaction> imported = ledger.importHistory(List.of(
        new ImportedPosting(transfer("old-1", b.cash(), b.capital(), usd("5.00")), first),
        new ImportedPosting(transfer("old-2", b.cash(), b.capital(), usd("6.00")), second)));
    Instant live = tick();
    Transaction now = post("live", b.cash(), b.capital(), usd("7.00"));

    assertThat(readAll(0, 10).stream().map(Expected::of).toList()).containsExactly(
        new Expected(ChangeType.BOOKED, imported.get(0).id(), TransactionStatus.POSTED, first),
        new Expected(ChangeType.BOOKED, imported.get(1).id(), TransactionStatus.POSTED, second),
        new Expected(ChangeType.BOOKED, now.id(), TransactionStatus.POSTED, live));
  }

  @Test
  void aReaderBesideManyWritersNeverMissesAChangeAndSeesACommitAfterItsHold() throws Exception {
    Book b = openBook();
    post("capital", b.cash(), b.capital(), usd("100000.00"));
    int writers = 4;
    int each = 25;
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Change> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      long position = 0;
      boolean last = false;
      while (!last) {
        last = !writing.get();
        ChangePage page;
        do {
          page = ledger.changes(position, 7);
          seen.addAll(page.changes());
          position = page.next();
        } while (!page.isEmpty());
      }
    }, "feed-reader");
    reader.start();
    List<ContractSupport.Outcome<List<TransactionId>>> outcomes;
    try {
      outcomes = runConcurrently(writers, w -> () -> {
        List<TransactionId> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          if (i % 5 == 0) {
            Transaction h = hold("w" + w + "-hold-" + i, b.fees(), b.cash(), usd("1.00"), null);
            mine.add(h.id());
            ledger.commit(h.id());
          } else {
            mine.add(post("w" + w + "-" + i, b.salaries(), b.cash(), usd("1.00")).id());
          }
        }
        return mine;
      });
    } finally {
      writing.set(false);
      reader.join(WAIT_SECONDS * 1000);
    }
    assertThat(reader.isAlive()).as("the reader finished").isFalse();
    assertThat(errors(outcomes)).isEmpty();

    assertDense(seen, 1);
    Set<TransactionId> booked = new HashSet<>();
    Map<TransactionId, Long> bookedAt = new HashMap<>();
    for (Change c : seen) {
      if (c.type() == ChangeType.BOOKED) {
        assertThat(booked.add(c.transactionId())).as("booked once: %s", c.transactionId()).isTrue();
        bookedAt.put(c.transactionId(), c.position());
      } else {
        assertThat(c.type()).isEqualTo(ChangeType.COMMITTED);
        assertThat(bookedAt).as("a commit follows its hold's booking").containsKey(c.transactionId());
      }
    }
    Set<TransactionId> written = new HashSet<>();
    values(outcomes).forEach(written::addAll);
    assertThat(booked).hasSize(writers * each + 1).containsAll(written);
    assertThat(seen.stream().filter(c -> c.type() == ChangeType.COMMITTED).count()).isEqualTo(writers * (each / 5));
  }

  @Test
  void retentionPrunesTheOldestChangesAndAReaderBehindItIsTold() {
    Book b = openBook();
    for (int i = 0; i < 5; i++) {
      post("p-" + i, b.cash(), b.capital(), usd("1.00"));
    }
    Instant later = Instant.parse("2100-01-01T00:00:00Z");

    assertThat(store.pruneChanges(Instant.parse("2000-01-01T00:00:00Z"), 5, 100)).as("nothing old enough").isZero();
    assertThat(store.pruneChanges(later, 2, 100)).as("through position 2").isEqualTo(2);
    assertThat(store.pruneChanges(later, 5, 1)).as("limit 1").isEqualTo(1);

    Throwable behind = catchThrowable(() -> ledger.changes(1, 10));
    assertThat(behind).isInstanceOf(ChangesPrunedException.class);
    assertThat(((ChangesPrunedException) behind).prunedThrough()).isEqualTo(3);
    assertThat(((LedgerException) behind).field()).isEqualTo("after");
    assertThat(readAll(3, 10).stream().map(Change::position).toList()).containsExactly(4L, 5L);
    post("p-5", b.cash(), b.capital(), usd("1.00"));
    assertThat(readAll(5, 10).stream().map(Change::position).toList()).containsExactly(6L);
  }

  @Test
  void theRetentionJobPrunesOnlyWhatIsOldAndConsumed() {
    Book b = openBook();
    for (int i = 0; i < 4; i++) {
      post("p-" + i, b.cash(), b.capital(), usd("1.00"));
    }
    java.util.concurrent.atomic.AtomicLong consumed = new java.util.concurrent.atomic.AtomicLong(3);
    ChangeFeedRetentionJob job = new ChangeFeedRetentionJob(store, clock, java.time.Duration.ofDays(7), consumed::get, 2);

    JobResult young = job.run();
    assertThat(young.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(young.count("pruned")).as("recorded less than a week ago by the job's clock").isZero();

    clock.set(Instant.parse("2100-01-01T00:00:00Z"));
    JobResult old = job.run();
    assertThat(old.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(old.count("pruned")).as("old, and consumed through position 3, in rounds of 2").isEqualTo(3);
    assertThat(readAll(3, 10).stream().map(Change::position).toList()).containsExactly(4L);
    assertThat(job.run().count("pruned")).as("nothing more consumed").isZero();
    consumed.set(4);
    assertThat(job.run().count("pruned")).isEqualTo(1);
    Throwable badRetention = catchThrowable(() -> new ChangeFeedRetentionJob(store, clock, java.time.Duration.ZERO,
        consumed::get, 2));
    assertThat(((LedgerException) badRetention).field()).isEqualTo("retention");
  }

  @Test
  void badArgumentsAreRefusedNamingTheField() {
    for (long after : new long[] {-1, Long.MIN_VALUE}) {
      Throwable t = catchThrowable(() -> ledger.changes(after, 10));
      assertThat(t).isInstanceOf(InvalidRequestException.class);
      assertThat(((LedgerException) t).field()).isEqualTo("after");
    }
    for (int limit : new int[] {0, -5, 10_001, Integer.MAX_VALUE}) {
      Throwable t = catchThrowable(() -> ledger.changes(0, limit));
      assertThat(t).as("limit %s", limit).isInstanceOf(InvalidRequestException.class);
      assertThat(((LedgerException) t).field()).isEqualTo("limit");
    }
    Throwable storeAfter = catchThrowable(() -> store.changes(-1, 10));
    assertThat(storeAfter).as("the store's own verdict").isInstanceOf(InvalidRequestException.class);
    assertThat(((LedgerException) storeAfter).field()).isEqualTo("after");
    Throwable storeLimit = catchThrowable(() -> store.changes(0, 0));
    assertThat(((LedgerException) storeLimit).field()).isEqualTo("limit");
    Throwable nullBefore = catchThrowable(() -> store.pruneChanges(null, 1, 1));
    assertThat(nullBefore).isInstanceOf(InvalidRequestException.class);
    assertThat(((LedgerException) nullBefore).field()).isEqualTo("recordedBefore");
    Throwable noLimit = catchThrowable(() -> store.pruneChanges(START, 1, 0));
    assertThat(noLimit).isInstanceOf(InvalidRequestException.class);
    assertThat(((LedgerException) noLimit).field()).isEqualTo("limit");
    assertThat(readAll(0, 10)).isEmpty();
  }

  @Test
  void aPostingRequestBuiltOnceIsBookedOnceInTheFeed() {
    Book b = openBook();
    PostingRequest request = transfer("once", b.cash(), b.capital(), usd("9.00"));
    ledger.post(request);
    ledger.post(request);
    ledger.postAll(List.of(request));
    assertThat(readAll(0, 10)).singleElement().satisfies(c -> assertThat(c.type()).isEqualTo(ChangeType.BOOKED));
  }
}
