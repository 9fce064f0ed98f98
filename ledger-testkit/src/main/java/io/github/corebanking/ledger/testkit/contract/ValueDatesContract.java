package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.ValueDatedLine;
import io.github.corebanking.ledger.ValueDatedStatementPage;
import io.github.corebanking.ledger.ValueDatedTrialBalance;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Value-dated reads and backdating: {@code balanceOn}, {@code valueDatedStatement} and
 * {@code trialBalanceOn} count every posted entry by its transaction's value date, whenever it was
 * booked; a backdated posting counts from its value date on as soon as it is booked; the backdating
 * and future-dating windows refuse dates outside them. The clock stands at
 * {@link LedgerStoreContract#START} (2026-01-15, UTC).
 */
abstract class ValueDatesContract extends ContractSupport {

  static final LocalDate TODAY = LocalDate.parse("2026-01-15");

  ValueDatesContract(LedgerStoreContract contract) {
    super(contract);
  }

  static PostingRequest dated(String key, AccountId debit, AccountId credit, String amount, LocalDate date) {
    return PostingRequest.builder().idempotencyKey(key).description("Dated " + key)
        .debit(debit, usd(amount)).credit(credit, usd(amount)).effectiveDate(date).build();
  }

  Money on(AccountId id, LocalDate date) {
    return ledger.balanceOn(id, date).posted();
  }

  @Test
  void aBalanceOnAValueDateCountsWhatIsDatedByThenWhenEverItWasBooked() {
    Book book = openBook();
    ledger.post(dated("today", book.cash().id(), book.capital().id(), "100.00", TODAY));
    tick();
    ledger.post(dated("backdated", book.cash().id(), book.capital().id(), "30.00", TODAY.minusDays(5)));
    tick();
    ledger.post(dated("forward", book.cash().id(), book.capital().id(), "7.00", TODAY.plusDays(3)));

    assertThat(on(book.cash().id(), TODAY.minusDays(6))).isEqualTo(usd("0.00"));
    assertThat(on(book.cash().id(), TODAY.minusDays(5))).isEqualTo(usd("30.00"));
    assertThat(on(book.cash().id(), TODAY.minusDays(1))).isEqualTo(usd("30.00"));
    assertThat(on(book.cash().id(), TODAY)).isEqualTo(usd("130.00"));
    assertThat(on(book.cash().id(), TODAY.plusDays(2))).isEqualTo(usd("130.00"));
    assertThat(on(book.cash().id(), TODAY.plusDays(3))).isEqualTo(usd("137.00"));
    assertThat(on(book.capital().id(), TODAY)).isEqualTo(usd("130.00"));
    Balance farFuture = ledger.balanceOn(book.cash().id(), LocalDate.MAX);
    assertThat(farFuture.posted()).isEqualTo(usd("137.00"));
    assertThat(farFuture.pending()).isEqualTo(usd("0.00"));
    assertThat(ledger.balanceOn(book.cash().id(), LocalDate.MIN).posted()).isEqualTo(usd("0.00"));
    assertThat(ledger.balanceAsOf(book.cash().id(), clock.instant()).posted())
        .as("the booking-time read counts the future-dated posting, booked now").isEqualTo(usd("137.00"));
  }

  @Test
  void holdsCountFromTheirValueDateOnlyOnceCommittedAndReversalsFromTheirOwnDate() {
    Book book = openBook();
    Transaction hold = ledger.post(PostingRequest.builder().idempotencyKey("hold").description("hold")
        .debit(book.cash().id(), usd("40.00")).credit(book.capital().id(), usd("40.00"))
        .effectiveDate(TODAY.minusDays(4)).pending().build());
    Transaction voided = ledger.post(PostingRequest.builder().idempotencyKey("voided").description("voided")
        .debit(book.cash().id(), usd("9.00")).credit(book.capital().id(), usd("9.00"))
        .effectiveDate(TODAY.minusDays(4)).pending().build());
    assertThat(on(book.cash().id(), TODAY)).as("pending amounts are not posted").isEqualTo(usd("0.00"));
    tick();

    ledger.commit(hold.id(), usd("25.00"));
    ledger.voidPending(voided.id());
    Transaction old = ledger.post(dated("old", book.cash().id(), book.capital().id(), "10.00", TODAY.minusDays(8)));
    tick();
    Transaction reversal = ledger.reverse(old.id());

    assertThat(reversal.effectiveDate()).isEqualTo(TODAY);
    assertThat(on(book.cash().id(), TODAY.minusDays(5))).isEqualTo(usd("10.00"));
    assertThat(on(book.cash().id(), TODAY.minusDays(4))).isEqualTo(usd("35.00"));
    assertThat(on(book.cash().id(), TODAY.minusDays(1))).isEqualTo(usd("35.00"));
    assertThat(on(book.cash().id(), TODAY)).isEqualTo(usd("25.00"));
    assertThat(ledger.transaction(hold.id()).orElseThrow().status()).isEqualTo(TransactionStatus.POSTED);
  }

  @Test
  void aBackdatedPostingMovesEveryLaterValueDateAndTheTrialBalanceOnIt() {
    Book book = openBook();
    for (int d : new int[] {10, 12, 14}) {
      ledger.post(dated("day-" + d, book.cash().id(), book.capital().id(), d + ".00", LocalDate.of(2026, 1, d)));
      tick();
    }
    ValueDatedTrialBalance before = ledger.trialBalanceOn(LocalDate.of(2026, 1, 13));

    ledger.post(dated("late", book.cash().id(), book.capital().id(), "1.50", LocalDate.of(2026, 1, 11)));
    ledger.post(dated("fees", book.cash().id(), book.fees().id(), "0.25", LocalDate.of(2026, 1, 13)));

    assertThat(on(book.cash().id(), LocalDate.of(2026, 1, 10))).isEqualTo(usd("10.00"));
    assertThat(on(book.cash().id(), LocalDate.of(2026, 1, 11))).isEqualTo(usd("11.50"));
    assertThat(on(book.cash().id(), LocalDate.of(2026, 1, 12))).isEqualTo(usd("23.50"));
    assertThat(on(book.cash().id(), LocalDate.of(2026, 1, 14))).isEqualTo(usd("37.75"));
    assertLine(before, book.cash(), usd("22.00"), usd("0.00"));
    ValueDatedTrialBalance after = ledger.trialBalanceOn(LocalDate.of(2026, 1, 13));
    assertThat(after.valueDate()).isEqualTo(LocalDate.of(2026, 1, 13));
    assertThat(after.balanced()).isTrue();
    assertLine(after, book.cash(), usd("23.75"), usd("0.00"));
    assertLine(after, book.capital(), usd("0.00"), usd("23.50"));
    assertLine(after, book.fees(), usd("0.00"), usd("0.25"));
    assertLine(after, book.eurCash(), eur("0.00"), eur("0.00"));
    assertThat(after.totals()).filteredOn(t -> t.currency().equals(USD))
        .singleElement().satisfies(t -> assertThat(t.debits()).isEqualTo(usd("23.75")));
  }

  static void assertLine(ValueDatedTrialBalance trial, io.github.corebanking.ledger.Account account, Money debit,
      Money credit) {
    assertThat(trial.lines()).filteredOn(l -> l.accountId().equals(account.id())).singleElement()
        .satisfies(l -> {
          assertThat(l.debit()).as("debit of %s", account.code()).isEqualTo(debit);
          assertThat(l.credit()).as("credit of %s", account.code()).isEqualTo(credit);
        });
  }

  @Test
  void aValueDatedStatementListsByValueDateThenBookingWithRunningBalances() {
    Book book = openBook();
    AccountId cash = book.cash().id();
    AccountId capital = book.capital().id();
    ledger.post(dated("a", cash, capital, "5.00", LocalDate.of(2026, 1, 12)));
    tick();
    ledger.post(dated("b", cash, capital, "1.00", LocalDate.of(2026, 1, 3)));
    tick();
    ledger.post(PostingRequest.builder().idempotencyKey("c").description("out")
        .debit(book.fees().id(), usd("2.00")).credit(cash, usd("2.00")).effectiveDate(LocalDate.of(2026, 1, 8))
        .build());
    tick();
    ledger.post(dated("d", cash, capital, "3.00", LocalDate.of(2026, 1, 12)));
    tick();
    ledger.post(dated("e", cash, capital, "4.00", LocalDate.of(2026, 1, 8)));
    tick();
    ledger.post(dated("f", cash, capital, "100.00", LocalDate.of(2026, 1, 14)));

    List<ValueDatedLine> lines = new ArrayList<>();
    List<ValueDatedStatementPage> pages = new ArrayList<>();
    String cursor = null;
    do {
      ValueDatedStatementPage page = ledger.valueDatedStatement(cash, LocalDate.of(2026, 1, 5),
          LocalDate.of(2026, 1, 12), cursor == null ? PageRequest.first(2) : PageRequest.after(cursor, 2));
      pages.add(page);
      lines.addAll(page.lines());
      cursor = page.nextCursor();
    } while (cursor != null && pages.size() < MAX_PAGES);

    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).openingBalance()).isEqualTo(usd("1.00"));
    assertThat(pages.get(1).openingBalance()).isEqualTo(pages.get(0).closingBalance());
    assertThat(lines).extracting(ValueDatedLine::valueDate).containsExactly(LocalDate.of(2026, 1, 8),
        LocalDate.of(2026, 1, 8), LocalDate.of(2026, 1, 12), LocalDate.of(2026, 1, 12));
    assertThat(lines).extracting(l -> l.entry().amount()).containsExactly(usd("2.00"), usd("4.00"), usd("5.00"),
        usd("3.00"));
    assertThat(lines).extracting(l -> l.entry().side()).containsExactly(Side.CREDIT, Side.DEBIT, Side.DEBIT,
        Side.DEBIT);
    assertThat(lines).extracting(ValueDatedLine::valueBalanceAfter).containsExactly(usd("-1.00"), usd("3.00"),
        usd("8.00"), usd("11.00"));
    assertThat(pages.get(1).closingBalance()).isEqualTo(on(cash, LocalDate.of(2026, 1, 12)));
    assertThat(lines).extracting(l -> l.entry().pending()).containsOnly(false);

    ValueDatedStatementPage empty = ledger.valueDatedStatement(cash, LocalDate.of(2026, 1, 13),
        LocalDate.of(2026, 1, 13), PageRequest.first(10));
    assertThat(empty.lines()).isEmpty();
    assertThat(empty.openingBalance()).isEqualTo(usd("11.00"));
    assertThat(empty.hasNext()).isFalse();
  }

  @Test
  void aValueDatedStatementRefusesBadDatesAndAnotherStatementsCursor() {
    Book book = openBook();
    AccountId cash = book.cash().id();
    for (int i = 0; i < 3; i++) {
      ledger.post(dated("s" + i, cash, book.capital().id(), "1.00", TODAY.minusDays(i)));
    }
    ValueDatedStatementPage first = ledger.valueDatedStatement(cash, TODAY.minusDays(5), TODAY, PageRequest.first(1));
    String cursor = first.nextCursor();
    assertThat(cursor).as("the first page's cursor").startsWith("vd1.");

    assertRejected(InvalidRequestException.class, "to", "2026-01-09",
        () -> ledger.valueDatedStatement(cash, TODAY, TODAY.minusDays(6), PageRequest.first(1)));
    assertRejected(InvalidRequestException.class, "page.cursor", cursor.substring(0, 10),
        () -> ledger.valueDatedStatement(book.capital().id(), TODAY.minusDays(5), TODAY,
            PageRequest.after(cursor, 1)));
    assertRejected(InvalidRequestException.class, "page.cursor", "vd1.",
        () -> ledger.valueDatedStatement(cash, TODAY.minusDays(4), TODAY, PageRequest.after(cursor, 1)));
    assertRejected(InvalidRequestException.class, "page.cursor", "abc",
        () -> ledger.valueDatedStatement(cash, TODAY.minusDays(5), TODAY, PageRequest.after("abc", 1)));
    AccountId unknown = new AccountId(java.util.UUID.randomUUID());
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.valueDatedStatement(unknown, TODAY, TODAY, PageRequest.first(1)));
    assertRejected(InvalidRequestException.class, "from", "null",
        () -> ledger.valueDatedStatement(cash, null, TODAY, PageRequest.first(1)));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.balanceOn(unknown, TODAY));
    assertRejected(InvalidRequestException.class, "valueDate", "null", () -> ledger.balanceOn(cash, null));
    assertRejected(InvalidRequestException.class, "valueDate", "null", () -> ledger.trialBalanceOn(null));
    assertThat(ledger.valueDatedStatement(cash, TODAY.minusDays(5), TODAY, PageRequest.after(cursor, 5)).lines())
        .hasSize(2);
  }

  @Test
  void theBackdatingAndFutureDatingWindowsRefuseDatesOutsideThemAndWriteNothing() {
    Book book = openBook();
    Ledger windowed = Ledger.builder().store(store).clock(clock).backdatingWindow(Period.ofDays(3))
        .futureDatingWindow(Period.ofDays(2)).build();
    AccountId cash = book.cash().id();
    AccountId capital = book.capital().id();

    assertThat(windowed.post(dated("edge-past", cash, capital, "1.00", TODAY.minusDays(3))).effectiveDate())
        .isEqualTo(TODAY.minusDays(3));
    assertThat(windowed.post(dated("edge-future", cash, capital, "1.00", TODAY.plusDays(2))).effectiveDate())
        .isEqualTo(TODAY.plusDays(2));
    InvalidRequestException past = rejected(InvalidRequestException.class, "2026-01-11",
        () -> windowed.post(dated("too-old", cash, capital, "1.00", TODAY.minusDays(4))));
    assertThat(past.field()).isEqualTo("effectiveDate");
    assertThat(past.getMessage()).contains("backdating window");
    InvalidRequestException future = rejected(InvalidRequestException.class, "2026-01-18",
        () -> windowed.post(dated("too-new", cash, capital, "1.00", TODAY.plusDays(3))));
    assertThat(future.field()).isEqualTo("effectiveDate");
    assertThat(future.getMessage()).contains("future-dating window");
    InvalidRequestException inBatch = rejected(InvalidRequestException.class, "2026-01-01",
        () -> windowed.postAll(List.of(dated("ok", cash, capital, "1.00", TODAY),
            dated("old", cash, capital, "1.00", LocalDate.of(2026, 1, 1)))));
    assertThat(inBatch.field()).isEqualTo("requests[1].effectiveDate");
    assertNothingBookedUnder("too-old", "too-new", "ok", "old");
    assertThat(ledger.post(dated("unbounded", cash, capital, "1.00", LocalDate.of(2020, 1, 1))).effectiveDate())
        .as("the contract's own ledger has no window").isEqualTo(LocalDate.of(2020, 1, 1));
    assertRejected(InvalidRequestException.class, "backdatingWindow", "P-1D",
        () -> Ledger.builder().backdatingWindow(Period.ofDays(-1)));
  }

  /**
   * Threads post on shared accounts with value dates spread over a month, backdated and current,
   * while readers read value-dated balances; afterwards every value-dated balance, on every date,
   * equals the sum of the booked transactions dated by then, and the statement agrees.
   */
  @Test
  void concurrentBackdatedPostingsLeaveEveryValueDatedBalanceExact() throws InterruptedException {
    Book book = openBook();
    AccountId[] from = {book.cash().id(), book.deposit().id(), book.settlement().id()};
    ledger.post(dated("fund", book.cash().id(), book.deposit().id(), "1000.00", LocalDate.of(2025, 12, 1)));
    ledger.post(dated("fund-2", book.settlement().id(), book.capital().id(), "1000.00", LocalDate.of(2025, 12, 1)));
    int threads = 4;
    int perThread = 40;
    List<Outcome<List<Transaction>>> outcomes = runConcurrently(threads, t -> () -> {
      Random random = new Random(31L * t + 7);
      List<Transaction> booked = new ArrayList<>();
      for (int n = 0; n < perThread; n++) {
        AccountId debit = from[random.nextInt(from.length)];
        AccountId credit = debit.equals(book.cash().id()) ? book.fees().id() : book.cash().id();
        LocalDate date = TODAY.minusDays(random.nextInt(30));
        String amount = (1 + random.nextInt(9)) + "." + (10 + random.nextInt(90));
        booked.add(ledger.post(dated("c-" + t + "-" + n, debit, credit, amount, date)));
        ledger.balanceOn(debit, date);
      }
      return booked;
    });
    assertThat(errors(outcomes)).as("what the threads threw").isEmpty();
    List<Transaction> booked = new ArrayList<>();
    for (List<Transaction> mine : values(outcomes)) {
      booked.addAll(mine);
    }
    assertThat(booked).hasSize(threads * perThread);
    booked.add(ledger.transactionByKey("fund").orElseThrow());
    booked.add(ledger.transactionByKey("fund-2").orElseThrow());

    for (AccountId id : List.of(book.cash().id(), book.deposit().id(), book.settlement().id(), book.fees().id(),
        book.capital().id())) {
      TreeMap<LocalDate, Long> model = new TreeMap<>();
      io.github.corebanking.ledger.Account account = ledger.account(id);
      for (Transaction tx : booked) {
        for (Entry e : tx.entries()) {
          if (e.accountId().equals(id) && !e.pending()) {
            long signed = e.side() == account.normalSide() ? e.amount().minorUnits() : -e.amount().minorUnits();
            model.merge(tx.effectiveDate(), signed, Long::sum);
          }
        }
      }
      long running = 0;
      for (LocalDate d = LocalDate.of(2025, 11, 30); !d.isAfter(TODAY); d = d.plusDays(1)) {
        running += model.getOrDefault(d, 0L);
        assertThat(on(id, d).minorUnits()).as("value-dated balance of %s on %s", account.code(), d).isEqualTo(running);
      }
      assertThat(running).as("current balance of %s", account.code())
          .isEqualTo(ledger.balance(id).posted().minorUnits());
      long statement = 0;
      String cursor = null;
      int pages = 0;
      do {
        ValueDatedStatementPage page = ledger.valueDatedStatement(id, LocalDate.of(2025, 12, 1), TODAY,
            cursor == null ? PageRequest.first(17) : PageRequest.after(cursor, 17));
        for (ValueDatedLine line : page.lines()) {
          statement = line.valueBalanceAfter().minorUnits();
        }
        cursor = page.nextCursor();
      } while (cursor != null && ++pages < MAX_PAGES);
      assertThat(statement).as("the last running balance of %s's statement", account.code()).isEqualTo(running);
    }
    assertThat(ledger.trialBalanceOn(TODAY.minusDays(10)).balanced()).isTrue();
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void aLedgerWithManyValueDatesAnswersFromItsRunningSums() {
    Book book = openBook();
    List<PostingRequest> batch = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      batch.add(dated("many-" + i, book.cash().id(), book.capital().id(), "1.00", LocalDate.of(2025, 1, 1).plusDays(i)));
    }
    ledger.postAll(batch);
    assertThat(on(book.cash().id(), LocalDate.of(2025, 1, 1).plusDays(199))).isEqualTo(usd("200.00"));
    assertThat(on(book.cash().id(), LocalDate.of(2025, 12, 31))).isEqualTo(usd("365.00"));
    ledger.post(dated("first-day", book.cash().id(), book.capital().id(), "0.50", LocalDate.of(2025, 1, 1)));
    assertThat(on(book.cash().id(), LocalDate.of(2025, 12, 31))).isEqualTo(usd("365.50"));
    assertThat(on(book.cash().id(), LocalDate.of(2024, 12, 31))).isEqualTo(usd("0.00"));
    assertThat(ledger.trialBalanceOn(LocalDate.of(2025, 6, 30)).lines())
        .filteredOn(l -> l.accountId().equals(book.capital().id())).singleElement()
        .satisfies(l -> assertThat(l.credit()).isEqualTo(usd("181.50")));
  }
}
