package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.ConcurrencyException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IdempotencyConflictException;
import io.github.corebanking.ledger.ImportClosedException;
import io.github.corebanking.ledger.ImportedPosting;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PeriodClosedException;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TrialBalance;
import io.github.corebanking.ledger.ValueDatedTrialBalance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Importing history ({@code Ledger.importHistory}): postings with their original booking instants
 * and value dates, strictly increasing over the ledger's whole import, all before anything live,
 * idempotent as usual. Reads by booking time and by value date see imported postings where they
 * were booked. The clock stands at {@link LedgerStoreContract#START} (2026-01-15, UTC), so the
 * year 2025 is history.
 */
abstract class ImportContract extends ContractSupport {

  static final Instant YEAR_START = Instant.parse("2025-01-01T00:00:00Z");

  ImportContract(LedgerStoreContract contract) {
    super(contract);
  }

  static ImportedPosting imported(String key, Account debit, Account credit, long minor, LocalDate valueDate,
      Instant bookedAt) {
    Money amount = Money.ofMinor(minor, debit.currency());
    return new ImportedPosting(PostingRequest.builder().idempotencyKey(key).description("Imported " + key)
        .debit(debit.id(), amount).credit(credit.id(), amount).effectiveDate(valueDate).metadata("source", "legacy")
        .build(), bookedAt);
  }

  static ImportedPosting imported(String key, Account debit, Account credit, String amount, Instant bookedAt) {
    return imported(key, debit, credit, Money.of(amount, debit.currency()).minorUnits(),
        LocalDate.ofInstant(bookedAt, ZoneOffset.UTC), bookedAt);
  }

  /** One imported posting as the model keeps it. */
  record Booked(Instant bookedAt, LocalDate valueDate, AccountId debit, AccountId credit, long minor) {}

  /** Posted debits and credits of an account over the model's postings that pass a filter. */
  static long[] sums(List<Booked> model, AccountId id, java.util.function.Predicate<Booked> counted) {
    long debits = 0;
    long credits = 0;
    for (Booked b : model) {
      if (counted.test(b)) {
        debits += b.debit().equals(id) ? b.minor() : 0;
        credits += b.credit().equals(id) ? b.minor() : 0;
      }
    }
    return new long[] {debits, credits};
  }

  @Test
  void aYearOfImportedHistoryReadsLikeTheModelAtEveryMonthEnd() {
    Book b = openBook();
    Account loans = openAccount("1200", AccountType.ASSET, USD);
    List<Account> chart = List.of(b.cash(), b.capital(), b.settlement(), b.fees(), b.salaries(), loans);
    Random random = new Random(20250101L);
    List<Booked> model = new ArrayList<>();
    List<ImportedPosting> pending = new ArrayList<>();
    int calls = 0;
    for (LocalDate day = LocalDate.parse("2025-01-01"); day.getYear() == 2025; day = day.plusDays(1)) {
      int postings = 1 + random.nextInt(3);
      for (int k = 0; k < postings; k++) {
        Instant bookedAt = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(8 * 60 + 97L * k));
        // Most postings are worth their booking day; some were backdated in the old system.
        LocalDate valueDate = random.nextInt(5) == 0 ? day.minusDays(1 + random.nextInt(20)) : day;
        int from = random.nextInt(chart.size());
        int to = (from + 1 + random.nextInt(chart.size() - 1)) % chart.size();
        long minor = 1 + random.nextInt(500_000);
        String key = "legacy-" + day + "-" + k;
        model.add(new Booked(bookedAt, valueDate, chart.get(from).id(), chart.get(to).id(), minor));
        pending.add(imported(key, chart.get(from), chart.get(to), minor, valueDate, bookedAt));
        if (pending.size() == 40) {
          assertThat(ledger.importHistory(pending)).hasSize(40).allSatisfy(t -> assertThat(t.replayed()).isFalse());
          pending.clear();
          calls++;
        }
      }
    }
    ledger.importHistory(pending);
    assertThat(calls).as("the year took several calls").isGreaterThan(10);

    for (YearMonth month = YearMonth.of(2025, 1); month.getYear() == 2025; month = month.plusMonths(1)) {
      LocalDate monthEnd = month.atEndOfMonth();
      Instant close = monthEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1_000);
      TrialBalance booked = ledger.trialBalance(close);
      ValueDatedTrialBalance dated = ledger.trialBalanceOn(monthEnd);
      assertThat(booked.balanced()).as("trial balance booked by %s", monthEnd).isTrue();
      assertThat(dated.balanced()).as("trial balance on %s", monthEnd).isTrue();
      for (Account a : chart) {
        long[] byBooking = sums(model, a.id(), m -> !m.bookedAt().isAfter(close));
        long[] byValue = sums(model, a.id(), m -> !m.valueDate().isAfter(monthEnd));
        Balance asOf = ledger.balanceAsOf(a.id(), close);
        assertThat(new long[] {asOf.postedDebits(), asOf.postedCredits()})
            .as("%s booked by the end of %s", a.code(), monthEnd).containsExactly(byBooking);
        Balance on = ledger.balanceOn(a.id(), monthEnd);
        assertThat(new long[] {on.postedDebits(), on.postedCredits()})
            .as("%s worth on %s", a.code(), monthEnd).containsExactly(byValue);
        assertThat(line(booked, a).debit().minorUnits() - line(booked, a).credit().minorUnits())
            .as("trial balance line of %s booked by %s", a.code(), monthEnd)
            .isEqualTo(byBooking[0] - byBooking[1]);
        TrialBalance.Line onLine = dated.lines().stream().filter(l -> l.accountId().equals(a.id())).findFirst()
            .orElseThrow();
        assertThat(onLine.debit().minorUnits() - onLine.credit().minorUnits())
            .as("trial balance line of %s on %s", a.code(), monthEnd).isEqualTo(byValue[0] - byValue[1]);
      }
    }
    for (Account a : chart) {
      long[] all = sums(model, a.id(), m -> true);
      Balance now = ledger.balance(a.id());
      assertThat(new long[] {now.postedDebits(), now.postedCredits()}).as("current balance of %s", a.code())
          .containsExactly(all);
      List<Entry> statement = fullStatement(a.id(), YEAR_START, START);
      assertRunningBalances(a, Money.zero(a.currency()), statement);
      for (int i = 1; i < statement.size(); i++) {
        assertThat(statement.get(i).postedAt()).as("booking order of %s at entry %d", a.code(), i)
            .isAfter(statement.get(i - 1).postedAt());
      }
    }
    assertThat(ledger.checkIntegrity().ok()).isTrue();

    Transaction live = post("first-live", b.cash(), b.capital(), usd("1.00"));
    assertThat(live.postedAt()).isEqualTo(START);
    assertThat(ledger.balance(b.cash().id()).postedDebits()).isEqualTo(sums(model, b.cash().id(), m -> true)[0] + 100);
  }

  @Test
  void bookingInstantsStrictlyIncreaseOverTheWholeImport() {
    Book b = openBook();
    Instant t1 = Instant.parse("2025-03-01T10:00:00Z");
    Instant t2 = Instant.parse("2025-03-01T11:00:00Z");
    ledger.importHistory(List.of(imported("h1", b.cash(), b.capital(), "10.00", t1),
        imported("h2", b.cash(), b.capital(), "20.00", t2)));

    assertRejected(InvalidRequestException.class, "postings[0].bookedAt", t2.toString(),
        () -> ledger.importHistory(List.of(imported("h3", b.cash(), b.capital(), "1.00", t2))));
    assertRejected(InvalidRequestException.class, "postings[0].bookedAt", t1.plusSeconds(60).toString(),
        () -> ledger.importHistory(List.of(imported("h3", b.cash(), b.capital(), "1.00", t1.plusSeconds(60)))));
    Instant t3 = t2.plusSeconds(60);
    assertRejected(InvalidRequestException.class, "postings[1].bookedAt", t3.toString(),
        () -> ledger.importHistory(List.of(imported("h3", b.cash(), b.capital(), "1.00", t3),
            imported("h4", b.fees(), b.cash(), "1.00", t3))));
    assertRejected(InvalidRequestException.class, "postings[2].bookedAt", t3.toString(),
        () -> ledger.importHistory(List.of(imported("h3", b.cash(), b.capital(), "1.00", t3.plusSeconds(1)),
            imported("h4", b.cash(), b.fees(), "1.00", t3.plusSeconds(2)),
            imported("h5", b.fees(), b.cash(), "1.00", t3))));
    assertNothingBookedUnder("h3", "h4", "h5");

    List<Transaction> next = ledger.importHistory(List.of(imported("h3", b.cash(), b.capital(), "1.00", t3)));
    assertThat(next.get(0).postedAt()).isEqualTo(t3);
    assertBalance(b.cash(), 3_100, 0, 0, 0, 3);
  }

  @Test
  void aLedgerThatBookedLivePostingsImportsNothingMoreButStillAnswersReplays() {
    Book b = openBook();
    Instant t1 = Instant.parse("2025-05-01T10:00:00Z");
    List<ImportedPosting> first = List.of(imported("old-1", b.cash(), b.capital(), "10.00", t1));
    List<Transaction> booked = ledger.importHistory(first);
    tick();
    post("live-1", b.cash(), b.capital(), usd("1.00"));

    ImportClosedException closed = assertRejected(ImportClosedException.class, "postings[0].bookedAt",
        t1.plusSeconds(1).toString(),
        () -> ledger.importHistory(List.of(imported("old-2", b.cash(), b.capital(), "5.00", t1.plusSeconds(1)))));
    assertThat(closed.getMessage()).contains("live postings");
    assertNothingBookedUnder("old-2");

    List<Transaction> replay = ledger.importHistory(first);
    assertThat(replay).singleElement().satisfies(t -> {
      assertThat(t.replayed()).isTrue();
      assertThat(t.id()).isEqualTo(booked.get(0).id());
      assertThat(t.postedAt()).isEqualTo(t1);
    });
    assertBalance(b.cash(), 1_100, 0, 0, 0, 2);
  }

  @Test
  void aLedgerWithLivePostingsFromTheStartImportsNothing() {
    Book b = openBook();
    post("live-1", b.cash(), b.capital(), usd("1.00"));
    tick();

    assertRejected(ImportClosedException.class, "postings[0].bookedAt", "2025-01-02T00:00:00Z",
        () -> ledger.importHistory(List.of(imported("old-1", b.cash(), b.capital(), "5.00",
            Instant.parse("2025-01-02T00:00:00Z")))));
  }

  @Test
  void importIsIdempotentAndARepeatedKeyWithOtherContentConflicts() {
    Book b = openBook();
    Instant t1 = Instant.parse("2025-02-01T10:00:00Z");
    Instant t2 = Instant.parse("2025-02-02T10:00:00Z");
    List<ImportedPosting> call = List.of(imported("a", b.cash(), b.capital(), "10.00", t1),
        imported("b", b.fees(), b.cash(), "3.00", t2));
    List<Transaction> first = ledger.importHistory(call);
    List<Transaction> again = ledger.importHistory(call);

    assertThat(again).extracting(Transaction::id).containsExactlyElementsOf(first.stream().map(Transaction::id).toList());
    assertThat(again).allSatisfy(t -> assertThat(t.replayed()).isTrue());
    assertBalance(b.cash(), 1_000, 300, 0, 0, 2);

    assertRejected(IdempotencyConflictException.class, "postings[0].request.idempotencyKey", "b",
        () -> ledger.importHistory(List.of(imported("b", b.fees(), b.cash(), "3.00", t2.plusSeconds(1)))));

    Instant t3 = t2.plusSeconds(3_600);
    List<Transaction> mixed = ledger.importHistory(List.of(call.get(1), imported("c", b.cash(), b.capital(), "1.00", t3)));
    assertThat(mixed.get(0).replayed()).isTrue();
    assertThat(mixed.get(1).replayed()).isFalse();
    assertThat(mixed.get(1).postedAt()).isEqualTo(t3);
    assertBalance(b.cash(), 1_100, 300, 0, 0, 3);
  }

  @Test
  void badImportsAreRefusedNamingTheFieldAndWriteNothing() {
    Book b = openBook();
    Instant t1 = Instant.parse("2025-04-01T10:00:00Z");
    assertRejected(InvalidRequestException.class, "postings", "[]", () -> ledger.importHistory(List.of()));
    assertRejected(InvalidRequestException.class, "postings", "null", () -> ledger.importHistory(null));
    Instant future = START.plusSeconds(1);
    assertRejected(InvalidRequestException.class, "postings[0].bookedAt", future.toString(),
        () -> ledger.importHistory(List.of(imported("f", b.cash(), b.capital(), "1.00", future))));
    assertRejected(InvalidRequestException.class, "postings[1].request.idempotencyKey", "dup",
        () -> ledger.importHistory(List.of(imported("dup", b.cash(), b.capital(), "1.00", t1),
            imported("dup", b.cash(), b.capital(), "1.00", t1.plusSeconds(1)))));
    List<ImportedPosting> withNull = new ArrayList<>();
    withNull.add(imported("n", b.cash(), b.capital(), "1.00", t1));
    withNull.add(null);
    assertRejected(InvalidRequestException.class, "postings[1]", "null", () -> ledger.importHistory(withNull));
    Account unknownAccount = new Account(new AccountId(java.util.UUID.randomUUID()), "9999", "Gone", AccountType.ASSET,
        USD, io.github.corebanking.ledger.AccountStatus.OPEN, false, false, Map.of(), START);
    LedgerException unknown = rejected(AccountNotFoundException.class, unknownAccount.id().toString(),
        () -> ledger.importHistory(List.of(imported("u0", b.cash(), b.capital(), "1.00", t1),
            imported("u", unknownAccount, b.capital(), "1.00", t1.plusSeconds(1)))));
    assertThat(unknown.field()).startsWith("postings[1].request.entries[");
    assertNothingBookedUnder("f", "dup", "n", "u0", "u");

    ImportedPosting held = new ImportedPosting(PostingRequest.builder().idempotencyKey("p")
        .debit(b.cash().id(), usd("1.00")).credit(b.capital().id(), usd("1.00")).pending().build(), t1);
    assertRejected(InvalidRequestException.class, "postings[0].request.pending", "true",
        () -> ledger.importHistory(List.of(held)));
    assertNothingBookedUnder("p");
    Throwable nanos = catchThrowable(() -> new ImportedPosting(transfer("q", b.cash(), b.capital(), usd("1.00")),
        t1.plusNanos(1)));
    assertThat(nanos).isInstanceOf(InvalidRequestException.class);
    assertThat(((LedgerException) nanos).field()).isEqualTo("bookedAt");
    Throwable noInstant = catchThrowable(() -> new ImportedPosting(transfer("q", b.cash(), b.capital(), usd("1.00")),
        null));
    assertThat(((LedgerException) noInstant).field()).isEqualTo("bookedAt");
  }

  @Test
  void withoutAnEffectiveDateAnImportedPostingIsWorthItsBookingDay() {
    Book b = openBook();
    Instant late = Instant.parse("2025-08-31T23:30:00Z");
    Transaction t = ledger.importHistory(List.of(new ImportedPosting(
        transfer("no-date", b.cash(), b.capital(), usd("4.00")), late))).get(0);

    assertThat(t.effectiveDate()).isEqualTo(LocalDate.parse("2025-08-31"));
    assertThat(t.postedAt()).isEqualTo(late);
    assertThat(ledger.balanceOn(b.cash().id(), LocalDate.parse("2025-08-31")).postedDebits()).isEqualTo(400);
    assertThat(ledger.balanceOn(b.cash().id(), LocalDate.parse("2025-08-30")).postedDebits()).isZero();
  }

  @Test
  void aLivePostingBookedNoLaterThanTheLatestImportIsRefusedAndItsRetryBooked() {
    Book b = openBook();
    ledger.importHistory(List.of(imported("up-to-now", b.cash(), b.capital(), "2.00", START)));

    ConcurrencyException e = assertRejected(ConcurrencyException.class, "postedAt", START.toString(),
        () -> post("live-at-start", b.cash(), b.capital(), usd("1.00")));
    assertThat(e.getMessage()).contains("imported");
    tick();
    Transaction live = post("live-at-start", b.cash(), b.capital(), usd("1.00"));
    assertThat(live.postedAt()).isAfter(START);
    assertRejected(ImportClosedException.class, "postings[0].bookedAt", START.plusSeconds(1).toString(),
        () -> ledger.importHistory(List.of(imported("too-late", b.cash(), b.capital(), "1.00", START.plusSeconds(1)))));
  }

  @Test
  void closedPeriodsRefuseImportedValueDates() {
    Book b = openBook();
    ledger.closePeriod(LocalDate.parse("2025-06-30"), Map.of("by", "controller"));
    Instant t1 = Instant.parse("2025-07-02T10:00:00Z");

    PeriodClosedException e = assertRejected(PeriodClosedException.class, "postings[0].request.effectiveDate",
        "2025-06-30", () -> ledger.importHistory(List.of(imported("in-closed", b.cash(), b.capital(), 100,
            LocalDate.parse("2025-06-30"), t1))));
    assertThat(e.closedThrough()).isEqualTo(LocalDate.parse("2025-06-30"));

    ledger.importHistory(List.of(imported("open", b.cash(), b.capital(), 100, LocalDate.parse("2025-07-01"), t1)));
    assertThat(ledger.balanceOn(b.cash().id(), LocalDate.parse("2025-07-01")).postedDebits()).isEqualTo(100);
    assertThat(ledger.balanceOn(b.cash().id(), LocalDate.parse("2025-06-30")).postedDebits()).isZero();
  }

  @Test
  void importsRacingLivePostingsNeverInterleave() throws Exception {
    Book b = openBook();
    int imports = 60;
    Instant base = Instant.parse("2025-09-01T00:00:00Z");
    List<Outcome<Integer>> outcomes = runConcurrently(2, t -> () -> {
      int done = 0;
      for (int i = 1; i <= imports; i++) {
        if (t == 0) {
          try {
            ledger.importHistory(List.of(imported("imp-" + i, b.cash(), b.capital(), "1.00", base.plusSeconds(60L * i))));
            done++;
          } catch (ImportClosedException closed) {
            // the live side got in first: every later import is refused too
          }
        } else if (i > 20) {
          ledger.post(transfer("live-" + i, b.cash(), b.fees(), usd("0.01")));
          done++;
        }
      }
      return done;
    });
    assertThat(errors(outcomes)).isEmpty();

    int imported = values(outcomes).get(0);
    for (int i = 1; i <= imports; i++) {
      int n = i;
      assertThat(ledger.transactionByKey("imp-" + i)).as("import %d of %d booked (the first live posting ends the"
          + " import for good)", i, imported).matches(found -> found.isPresent() == (n <= imported));
    }
    assertThat(values(outcomes).get(1)).as("live postings booked").isEqualTo(imports - 20);
    for (Account a : List.of(b.cash(), b.capital(), b.fees())) {
      List<Entry> statement = fullStatement(a.id(), BEGINNING, END);
      boolean seenLive = false;
      for (Entry e : statement) {
        boolean isLive = ledger.transaction(e.transactionId()).orElseThrow().idempotencyKey().startsWith("live-");
        assertThat(!isLive && seenLive).as("an imported entry of %s after a live one", a.code()).isFalse();
        seenLive |= isLive;
      }
      for (int i = 1; i < statement.size(); i++) {
        assertThat(statement.get(i).postedAt()).as("booking order of %s", a.code())
            .isAfterOrEqualTo(statement.get(i - 1).postedAt());
      }
    }
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }
}
