package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.ValueDatedTrialBalance;
import io.github.corebanking.ledger.YearEndClose;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.job.YearEndCloseJob;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Year-end close: the year's revenue and expense accounts are closed into retained earnings on the
 * year's last value date, once (a repeated close books nothing, a close after postings backdated
 * into the year books only the difference), leaving a post-closing trial balance in which they are
 * zero. The clock stands at {@link LedgerStoreContract#START} (2026-01-15, UTC).
 */
abstract class YearEndContract extends ContractSupport {

  static final LocalDate YEAR_END = LocalDate.parse("2025-12-31");

  YearEndContract(LedgerStoreContract contract) {
    super(contract);
  }

  record Chart(Book book, Account interest, Account rent, Account retained) {}

  Chart openChart() {
    Book book = openBook();
    return new Chart(book, openAccount("4100", AccountType.REVENUE, USD), openAccount("5100", AccountType.EXPENSE, USD),
        openAccount("3900", AccountType.EQUITY, USD));
  }

  void book(String key, Account debit, Account credit, String amount, LocalDate date) {
    ledger.post(PostingRequest.builder().idempotencyKey(key).description(key)
        .debit(debit.id(), usd(amount)).credit(credit.id(), usd(amount)).effectiveDate(date).build());
  }

  static TrialBalance.Line line(ValueDatedTrialBalance trial, Account account) {
    return trial.lines().stream().filter(l -> l.accountId().equals(account.id())).findFirst().orElseThrow();
  }

  @Test
  void closingTheYearZeroesRevenueAndExpenseIntoRetainedEarnings() {
    Chart c = openChart();
    Book b = c.book();
    book("fee-1", b.cash(), b.fees(), "120.00", LocalDate.parse("2025-03-10"));
    book("interest-1", b.cash(), c.interest(), "80.00", LocalDate.parse("2025-11-30"));
    book("salary-1", b.salaries(), b.cash(), "90.00", LocalDate.parse("2025-06-30"));
    book("rent-1", c.rent(), b.cash(), "30.00", LocalDate.parse("2025-12-31"));
    book("fee-2026", b.cash(), b.fees(), "7.00", LocalDate.parse("2026-01-05"));
    ledger.post(PostingRequest.builder().idempotencyKey("eur").description("eur").debit(b.eurCash().id(), eur("5.00"))
        .credit(b.eurCapital().id(), eur("5.00")).effectiveDate(LocalDate.parse("2025-05-05")).build());
    tick();

    YearEndClose close = ledger.closeYear(YEAR_END, c.retained().id());

    assertThat(close.yearEnd()).isEqualTo(YEAR_END);
    assertThat(close.booked()).singleElement().satisfies(t -> {
      assertThat(t.effectiveDate()).isEqualTo(YEAR_END);
      assertThat(t.idempotencyKey()).isEqualTo("year-end:2025-12-31:" + c.retained().id() + ":1");
      assertThat(t.entries()).hasSize(5);
    });
    ValueDatedTrialBalance post = close.postClosing();
    assertThat(post.valueDate()).isEqualTo(YEAR_END);
    assertThat(post.balanced()).isTrue();
    for (Account closed : List.of(b.fees(), c.interest(), b.salaries(), c.rent())) {
      assertThat(line(post, closed).debit()).as("debit of %s", closed.code()).isEqualTo(usd("0.00"));
      assertThat(line(post, closed).credit()).as("credit of %s", closed.code()).isEqualTo(usd("0.00"));
    }
    assertThat(line(post, c.retained()).credit()).as("the year's result").isEqualTo(usd("80.00"));
    assertThat(line(post, b.cash()).debit()).isEqualTo(usd("80.00"));
    assertThat(ledger.balanceOn(b.fees().id(), LocalDate.parse("2026-01-14")).posted())
        .as("the new year starts from zero").isEqualTo(usd("7.00"));
    assertThat(ledger.balanceOn(b.fees().id(), LocalDate.parse("2025-12-30")).posted())
        .as("the day before the close").isEqualTo(usd("120.00"));
    assertThat(ledger.balanceOn(b.eurCash().id(), YEAR_END).posted()).isEqualTo(eur("5.00"));
  }

  @Test
  void closingAgainBooksNothingAndAfterABackdatedPostingOnlyTheDifference() {
    Chart c = openChart();
    Book b = c.book();
    book("fee-1", b.cash(), b.fees(), "50.00", LocalDate.parse("2025-04-01"));
    YearEndClose first = ledger.closeYear(YEAR_END, c.retained().id());
    tick();

    YearEndClose again = ledger.closeYear(YEAR_END, c.retained().id());
    book("late-fee", b.cash(), b.fees(), "4.00", LocalDate.parse("2025-12-20"));
    book("late-rent", c.rent(), b.cash(), "1.00", LocalDate.parse("2025-12-21"));
    YearEndClose afterLate = ledger.closeYear(YEAR_END, c.retained().id());

    assertThat(first.booked()).hasSize(1);
    assertThat(again.booked()).isEmpty();
    assertThat(afterLate.booked()).singleElement().satisfies(t -> {
      assertThat(t.idempotencyKey()).endsWith(":2");
      assertThat(t.entries()).hasSize(3);
    });
    assertThat(line(afterLate.postClosing(), b.fees()).credit()).isEqualTo(usd("0.00"));
    assertThat(line(afterLate.postClosing(), c.rent()).debit()).isEqualTo(usd("0.00"));
    assertThat(line(afterLate.postClosing(), c.retained()).credit()).isEqualTo(usd("53.00"));
    assertThat(ledger.closeYear(YEAR_END, c.retained().id()).booked()).isEmpty();
  }

  @Test
  void aYearWithNothingToCloseBooksNothing() {
    Chart c = openChart();
    YearEndClose close = ledger.closeYear(YEAR_END, c.retained().id());
    assertThat(close.booked()).isEmpty();
    assertThat(close.postClosing().balanced()).isTrue();
  }

  @Test
  void aYearEndCloseIsRefusedForAFutureYearAnotherAccountTypeOrAClosedPeriod() {
    Chart c = openChart();
    Book b = c.book();
    book("fee-1", b.cash(), b.fees(), "50.00", LocalDate.parse("2025-04-01"));
    AccountId unknown = new AccountId(UUID.randomUUID());

    assertRejected(InvalidRequestException.class, "yearEnd", "2026-12-31",
        () -> ledger.closeYear(LocalDate.parse("2026-12-31"), c.retained().id()));
    assertRejected(InvalidRequestException.class, "retainedEarnings", b.cash().id().toString(),
        () -> ledger.closeYear(YEAR_END, b.cash().id()));
    assertRejected(AccountNotFoundException.class, "retainedEarnings", unknown.toString(),
        () -> ledger.closeYear(YEAR_END, unknown));
    assertRejected(InvalidRequestException.class, "yearEnd", "null", () -> ledger.closeYear(null, c.retained().id()));
    ledger.closePeriod(YEAR_END, Map.of("closedBy", "controller"));
    PeriodClosedException closed = assertRejected(PeriodClosedException.class, "yearEnd", "2025-12-31",
        () -> ledger.closeYear(YEAR_END, c.retained().id()));
    assertThat(closed.closedThrough()).isEqualTo(YEAR_END);
  }

  @Test
  void theYearEndJobClosesTheLastEndedYearOnceAcrossRuns() {
    Chart c = openChart();
    Book b = c.book();
    book("fee-1", b.cash(), b.fees(), "50.00", LocalDate.parse("2025-04-01"));
    YearEndCloseJob job = new YearEndCloseJob(ledger, store.jobRuns(), clock, ZoneOffset.UTC, MonthDay.of(12, 31),
        c.retained().id());

    JobResult first = job.run();
    JobResult second = job.run();

    assertThat(first.status()).as("%s", first).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.counts()).containsEntry("closingTransactions", 1L);
    assertThat(first.message()).contains("2025-12-31");
    assertThat(second.counts()).containsEntry("closingTransactions", 0L);
    assertThat(ledger.balanceOn(b.fees().id(), YEAR_END).posted()).isEqualTo(usd("0.00"));
    List<Transaction> closing = List.of(ledger.transactionByKey("year-end:2025-12-31:" + c.retained().id() + ":1")
        .orElseThrow());
    assertThat(closing).singleElement().satisfies(t -> assertThat(t.effectiveDate()).isEqualTo(YEAR_END));
  }
}
