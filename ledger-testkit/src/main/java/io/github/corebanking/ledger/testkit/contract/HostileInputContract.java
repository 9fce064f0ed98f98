package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Limits;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.testkit.HostileInputProbe;
import io.github.corebanking.ledger.testkit.HostileInputs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The input policy (see {@link Limits}), the same on every store: what text, numbers and dates a
 * ledger accepts, that everything else is an {@link InvalidRequestException} naming the field with
 * the value escaped, and that the store never sees it. Also: an account on both sides of one
 * posting, a hold that has already expired, query bounds beyond the supported range, a cursor from
 * another statement.
 */
abstract class HostileInputContract extends ContractSupport {

  HostileInputContract(LedgerStoreContract contract) {
    super(contract);
  }

  private static PostingRequest.Builder oneCent(Book book, String key) {
    return PostingRequest.builder().idempotencyKey(key).debit(book.cash().id(), usd("0.01"))
        .credit(book.capital().id(), usd("0.01"));
  }

  @Test
  void nulInAnyTextIsRejectedNamingTheField() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "account.name", "Cash\\u0000",
        () -> ledger.openAccount(NewAccount.builder().code("1300").name("Cash\u0000").type(AccountType.ASSET)
            .currency(USD).build()));
    assertRejected(InvalidRequestException.class, "account.metadata[branch]", "\\u0000",
        () -> ledger.openAccount(NewAccount.builder().code("1300").name("Cash").type(AccountType.ASSET)
            .currency(USD).metadata("branch", "\u0000").build()));
    assertRejected(InvalidRequestException.class, "description", "nul\\u0000",
        () -> ledger.post(oneCent(book, "nul-1").description("nul\u0000").build()));
    assertRejected(InvalidRequestException.class, "metadata[channel]", "atm\\u0000",
        () -> ledger.post(oneCent(book, "nul-2").metadata("channel", "atm\u0000").build()));
    assertRejected(InvalidRequestException.class, "metadata key", "ch\\u0000",
        () -> ledger.post(oneCent(book, "nul-3").metadata("ch\u0000", "atm").build()));
    assertRejected(InvalidRequestException.class, "idempotencyKey", "nul\\u0000",
        () -> ledger.post(oneCent(book, "nul\u0000").build()));
    assertThat(ledger.accountByCode("1300")).isEmpty();
    assertNothingBookedUnder("nul-1", "nul-2", "nul-3");
  }

  @Test
  void keysWithControlFormatOrLineBreakingCharactersAreRejected() {
    Book book = openBook();
    Transaction fee = post("fee", book.cash(), book.fees(), usd("1.00"));
    for (String key : List.of("line\nbreak", "esc\u001b[31m", "tab\tkey", "bidi\u202ekey", "zero\u200bwidth",
        "sep\u2028key", "del\u007f")) {
      LedgerException e = rejected(InvalidRequestException.class, "must not contain",
          () -> ledger.post(oneCent(book, key).build()));
      assertThat(e.field()).isEqualTo("idempotencyKey");
      assertThat(e.getMessage()).doesNotContain("\n", "\u001b", "\t", "\u202e", "\u200b", "\u2028", "\u007f");
      assertThat(rejected(InvalidRequestException.class, "must not contain",
          () -> ledger.reverse(fee.id(), key, "Refund")).field()).isEqualTo("idempotencyKey");
      assertThat(rejected(InvalidRequestException.class, "must not contain",
          () -> ledger.transactionByKey(key)).field()).isEqualTo("idempotencyKey");
    }
    assertThat(status(fee)).isEqualTo(TransactionStatus.POSTED);
  }

  @Test
  void unpairedSurrogatesAreRejectedSoKeysCannotCollide() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "idempotencyKey", "k\\uD800",
        () -> ledger.post(oneCent(book, "k\ud800").build()));
    assertRejected(InvalidRequestException.class, "idempotencyKey", "k\\uDC00",
        () -> ledger.post(oneCent(book, "k\udc00").build()));
    assertRejected(InvalidRequestException.class, "description", "\\uDFFF",
        () -> ledger.post(oneCent(book, "lone-low").description("\udfff").build()));
    assertRejected(InvalidRequestException.class, "account.name", "Cash \\uD83D",
        () -> ledger.openAccount(NewAccount.builder().code("1300").name("Cash \ud83d").type(AccountType.ASSET)
            .currency(USD).build()));
    assertNothingBookedUnder("lone-low");
  }

  @Test
  void anyOtherUnicodeTextIsStoredAndReadBackExactly() {
    Book book = openBook();
    String key = "Überweisung/日本/\ud83d\udcb6 #1";
    String nfd = "Caf\u0065\u0301";
    String nfc = "Caf\u00e9";
    String description = "Zahlung für \u202bمصرف\u202c\nZeile zwei\tmit Tab \ud83c\udff3\ufe0f\u200d\ud83c\udf08";
    Transaction t = ledger.post(oneCent(book, key).description(description).metadata("note", nfd).build());
    Transaction other = ledger.post(oneCent(book, key.replace("#1", "#2")).metadata("note", nfc).build());
    Account named = openAccount("1300", nfd + " \u200d\ud83c\udfe6", AccountType.ASSET, USD, false, false);

    assertThat(ledger.transactionByKey(key)).contains(t);
    assertThat(ledger.transaction(t.id()).orElseThrow().description()).isEqualTo(description);
    assertThat(ledger.transaction(t.id()).orElseThrow().metadata()).containsExactly(Map.entry("note", nfd));
    assertThat(ledger.transaction(other.id()).orElseThrow().metadata()).containsExactly(Map.entry("note", nfc));
    assertThat(ledger.account(named.id()).name()).isEqualTo(nfd + " \u200d\ud83c\udfe6");
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void keysAreComparedAsGivenWithoutNormalization() {
    Book book = openBook();
    Transaction nfc = ledger.post(oneCent(book, "caf\u00e9").build());
    Transaction nfd = ledger.post(oneCent(book, "cafe\u0301").build());
    assertThat(nfd.id()).isNotEqualTo(nfc.id());
    assertThat(nfd.replayed()).isFalse();
    assertThat(ledger.transactionByKey("caf\u00e9")).contains(nfc);
    assertThat(ledger.transactionByKey("cafe\u0301")).contains(nfd);
  }

  @Test
  void valueDatesOutsideTheSupportedRangeAreRejected() {
    Book book = openBook();
    for (LocalDate date : List.of(LocalDate.MAX, LocalDate.MIN, Limits.MAX_DATE.plusDays(1),
        Limits.MIN_DATE.minusDays(1))) {
      assertRejected(InvalidRequestException.class, "effectiveDate", date.toString(),
          () -> ledger.post(oneCent(book, "dated-" + date).effectiveDate(date).build()));
    }
    Transaction first = ledger.post(oneCent(book, "first-day").effectiveDate(Limits.MIN_DATE).build());
    Transaction last = ledger.post(oneCent(book, "last-day").effectiveDate(Limits.MAX_DATE).build());
    assertThat(ledger.transaction(first.id()).orElseThrow().effectiveDate()).isEqualTo(LocalDate.of(1, 1, 1));
    assertThat(ledger.transaction(last.id()).orElseThrow().effectiveDate()).isEqualTo(LocalDate.of(9999, 12, 31));
  }

  @Test
  void aHoldExpiringOutsideTheSupportedRangeIsRejected() {
    Book book = openBook();
    for (Instant expiry : List.of(Instant.MAX, Limits.MAX_INSTANT, Instant.MIN)) {
      assertRejected(InvalidRequestException.class, "expiresAt", expiry.toString(),
          () -> ledger.post(oneCent(book, "hold-" + expiry).pending(expiry).build()));
    }
    Instant latest = Limits.MAX_INSTANT.minus(Duration.ofNanos(1000));
    Transaction held = ledger.post(oneCent(book, "latest").pending(latest).build());
    assertThat(ledger.transaction(held.id()).orElseThrow().expiresAt()).isEqualTo(latest);
  }

  @Test
  void aHoldThatHasAlreadyExpiredIsRejectedButItsReplayIsNot() {
    Book book = openBook();
    Instant now = clock.instant();
    assertRejected(InvalidRequestException.class, "expiresAt", now.toString(),
        () -> ledger.post(oneCent(book, "at-once").pending(now).build()));
    Instant past = now.minusSeconds(60);
    assertRejected(InvalidRequestException.class, "expiresAt", past.toString(),
        () -> ledger.post(oneCent(book, "in-the-past").pending(past).build()));
    assertNothingBookedUnder("at-once", "in-the-past");

    PostingRequest hold = oneCent(book, "a-minute").pending(now.plusSeconds(60)).build();
    Transaction held = ledger.post(hold);
    clock.advance(Duration.ofMinutes(2));
    Transaction replay = ledger.post(hold);
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.id()).isEqualTo(held.id());
  }

  @Test
  void aPostingThatDebitsAndCreditsTheSameAccountIsRejected() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "entries[1].accountId", book.cash().id().toString(),
        () -> ledger.post(PostingRequest.builder().idempotencyKey("self")
            .debit(book.cash().id(), usd("1.00")).credit(book.cash().id(), usd("1.00")).build()));
    assertRejected(InvalidRequestException.class, "entries[2].accountId", book.cash().id().toString(),
        () -> ledger.post(PostingRequest.builder().idempotencyKey("self-split")
            .debit(book.cash().id(), usd("2.00")).credit(book.capital().id(), usd("1.00"))
            .credit(book.cash().id(), usd("1.00")).build()));
    assertNothingBookedUnder("self", "self-split");
  }

  @Test
  void queryBoundsBeyondTheSupportedRangeAreClamped() {
    Book book = openBook();
    tick();
    post("q1", book.cash(), book.capital(), usd("10.00"));
    tick();
    post("q2", book.cash(), book.capital(), usd("5.00"));
    tick();
    Transaction third = post("q3", book.fees(), book.cash(), usd("1.00"));

    List<Entry> everything = fullStatement(book.cash().id(), Instant.MIN, Instant.MAX);
    assertThat(everything).extracting(Entry::amount).containsExactly(usd("10.00"), usd("5.00"), usd("1.00"));
    assertThat(fullStatement(book.cash().id(), Instant.MIN, Instant.MAX))
        .isEqualTo(fullStatement(book.cash().id(), BEGINNING, END));
    List<StatementPage> pages = allPages(book.cash().id(), Instant.MIN, Instant.MAX, 1);
    assertThat(pages).hasSize(3);
    assertThat(fullStatement(book.cash().id(), Instant.MIN, Limits.MIN_INSTANT)).isEmpty();
    assertThat(fullStatement(book.cash().id(), Limits.MAX_INSTANT, Instant.MAX)).isEmpty();
    assertThat(fullStatement(book.cash().id(), Instant.MIN, third.postedAt())).hasSize(2);

    assertThat(ledger.balanceAsOf(book.cash().id(), Instant.MAX).posted()).isEqualTo(usd("14.00"));
    assertThat(ledger.balanceAsOf(book.cash().id(), Instant.MIN).posted()).isEqualTo(usd("0.00"));
    assertThat(ledger.trialBalance(Instant.MAX).balanced()).isTrue();
    assertLine(ledger.trialBalance(Instant.MAX), book.cash(), usd("14.00"), usd("0.00"));
    assertLine(ledger.trialBalance(Instant.MIN), book.cash(), usd("0.00"), usd("0.00"));
  }

  @Test
  void aCursorFromAnotherStatementIsRejected() {
    Book book = openBook();
    for (int i = 0; i < 3; i++) {
      tick();
      post("c" + i, book.cash(), book.capital(), usd("1.00"));
    }
    String cursor = ledger.statement(book.cash().id(), BEGINNING, END, PageRequest.first(1)).next().orElseThrow();
    assertThat(ledger.statement(book.cash().id(), BEGINNING, END, PageRequest.after(cursor, 1)).entries()).hasSize(1);

    assertRejected(InvalidRequestException.class, "page.cursor", cursor,
        () -> ledger.statement(book.capital().id(), BEGINNING, END, PageRequest.after(cursor, 1)));
    assertRejected(InvalidRequestException.class, "page.cursor", cursor,
        () -> ledger.statement(book.cash().id(), BEGINNING.plusSeconds(1), END, PageRequest.after(cursor, 1)));
    assertRejected(InvalidRequestException.class, "page.cursor", cursor,
        () -> ledger.statement(book.cash().id(), BEGINNING, END.minusSeconds(1), PageRequest.after(cursor, 1)));
  }

  @Test
  void aCursorWithControlCharactersIsRejectedAndShownEscaped() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "page.cursor", "c1.\\u001B[2J",
        () -> ledger.statement(book.cash().id(), BEGINNING, END, PageRequest.after("c1.\u001b[2J", 1)));
  }

  /** A bounded run of generated hostile input at every method that takes text, a number or a date. */
  @Test
  void generatedHostileInputIsRejectedNamingTheFieldOrAcceptedExactly() {
    HostileInputProbe probe = HostileInputProbe.open(ledger, clock);
    Random random = new Random(20260115L);
    for (int i = 0; i < 4; i++) {
      for (HostileInputProbe.Target target : HostileInputProbe.Target.values()) {
        probe.text(target, HostileInputs.text(random));
      }
      probe.amount(HostileInputs.amount(random));
      probe.effectiveDate(HostileInputs.date(random));
      probe.expiry(HostileInputs.instant(random));
      probe.queryBounds(HostileInputs.instant(random), HostileInputs.instant(random));
    }
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }
}
