package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.EntryRequest;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 8: each bad input gets the right typed exception, names the field, and writes nothing. */
abstract class BadInputContract extends ContractSupport {

  BadInputContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void aNullRequestIsRejected() {
    openBook();
    assertRejected(InvalidRequestException.class, "request", "null", () -> ledger.post(null));
    assertRejected(InvalidRequestException.class, "requests", "null", () -> ledger.postAll(null));
    assertRejected(InvalidRequestException.class, "account", "null", () -> ledger.openAccount(null));
  }

  @Test
  void aNullRequestInABatchIsRejected() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "requests[1]", "null",
        () -> ledger.postAll(Arrays.asList(transfer("b-1", book.cash(), book.capital(), usd("1.00")), null)));
    assertNothingBookedUnder("b-1");
  }

  @Test
  void nullFieldsOfAPostingAreRejected() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "idempotencyKey", "null",
        () -> ledger.post(PostingRequest.builder()
            .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
    assertRejected(InvalidRequestException.class, "description", "null",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("k").description(null)
            .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
    assertRejected(InvalidRequestException.class, "entries", "null",
        () -> ledger.post(new PostingRequest("k", "", null, null, false, null, Map.of())));
    assertRejected(InvalidRequestException.class, "entry.accountId", "null",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("k")
            .debit(null, usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
    assertRejected(InvalidRequestException.class, "entry.amount", "null",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("k")
            .debit(book.cash().id(), null).credit(book.capital().id(), usd("1.00")).build()));
    assertRejected(InvalidRequestException.class, "entries[1]", "null",
        () -> ledger.post(new PostingRequest("k", "", null,
            Arrays.asList(EntryRequest.debit(book.cash().id(), usd("1.00")), null), false, null, Map.of())));
    assertNothingBookedUnder("k");
  }

  @Test
  void aBlankIdempotencyKeyIsRejected() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "idempotencyKey", "'  '",
        () -> ledger.post(transfer("  ", book.cash(), book.capital(), usd("1.00"))));
  }

  @Test
  void nullArgumentsToOperationsAreRejected() {
    Book book = openBook();
    Transaction held = hold("auth", book.cash(), book.settlement(), usd("1.00"), null);
    assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.commit(null));
    assertRejected(InvalidRequestException.class, "amount", "null", () -> ledger.commit(held.id(), null));
    assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.voidPending(null));
    assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.reverse(null));
    assertRejected(InvalidRequestException.class, "accountId", "null", () -> ledger.freezeAccount(null));
    assertRejected(InvalidRequestException.class, "accountId", "null", () -> ledger.closeAccount(null));
    assertRejected(InvalidRequestException.class, "accountId", "null", () -> ledger.balance(null));
    assertRejected(InvalidRequestException.class, "accountIds", "null", () -> ledger.balances(null));
    assertRejected(InvalidRequestException.class, "asOf", "null",
        () -> ledger.balanceAsOf(book.cash().id(), null));
    assertRejected(InvalidRequestException.class, "transactionId", "null", () -> ledger.transaction(null));
    assertRejected(InvalidRequestException.class, "idempotencyKey", "null", () -> ledger.transactionByKey(null));
    assertRejected(InvalidRequestException.class, "page", "null",
        () -> ledger.statement(book.cash().id(), BEGINNING, END, null));
    assertThat(status(held)).isEqualTo(TransactionStatus.PENDING);
  }

  @Test
  void anAmountWithMoreDecimalsThanItsCurrencyIsRejected() {
    openBook();
    assertRejected(InvalidAmountException.class, "amount", "1.001", () -> Money.of("1.001", USD));
    assertRejected(InvalidAmountException.class, "amount", "1.5", () -> Money.of("1.5", CurrencyUnit.JPY));
  }

  @Test
  void anAmountWithMoreFractionalDigitsThanTheAccountsCurrencyAllowsIsRejectedAsSuch() {
    Book book = openBook();
    Money mills = Money.of("1.001", CurrencyUnit.of("USD", 3));
    LedgerException e = assertRejected(InvalidAmountException.class, "entries[0].amount", "1.001 USD",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("mills")
            .debit(book.cash().id(), mills).credit(book.capital().id(), mills).build()));
    assertThat(e.getMessage()).contains("more fractional digits than USD allows (2)")
        .doesNotContain("not in the currency");
    assertNothingBookedUnder("mills");
  }

  @Test
  void anAmountInTheAccountsCurrencyCodeAtAnotherScaleIsRejectedNamingBothScales() {
    Book book = openBook();
    Money whole = Money.of("1.000", CurrencyUnit.of("USD", 3));
    LedgerException e = assertRejected(InvalidAmountException.class, "entries[0].amount", "1.000 USD",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("scale-3")
            .debit(book.cash().id(), whole).credit(book.capital().id(), whole).build()));
    assertThat(e.getMessage()).contains("scale 3").contains("scale 2").contains(book.cash().code());
    assertNothingBookedUnder("scale-3");
  }

  @Test
  void amountsSummingPastTheLargestMinorUnitCountAreRejected() {
    Book book = openBook();
    Money max = Money.ofMinor(Long.MAX_VALUE, USD);
    Money cent = Money.ofMinor(1, USD);
    assertRejected(InvalidAmountException.class, "entries[1].amount", "0.01 USD",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("huge")
            .debit(book.cash().id(), max).debit(book.salaries().id(), cent)
            .credit(book.capital().id(), max).credit(book.fees().id(), cent).build()));
    assertNothingBookedUnder("huge");
  }

  @Test
  void aPostingThatWouldOverflowAnAccountCounterIsRejected() {
    Book book = openBook();
    post("nearly-max", book.cash(), book.capital(), Money.ofMinor(Long.MAX_VALUE - 5, USD));

    LedgerException e = assertRejected(InvalidAmountException.class, "entries[0].amount", "0.10 USD",
        () -> ledger.post(transfer("over-max", book.cash(), book.fees(), usd("0.10"))));
    assertThat(e.getMessage()).contains("overflow").contains(book.cash().code())
        .doesNotContain(book.cash().id().toString());
    assertNothingBookedUnder("over-max");
    assertBalance(book.cash(), Long.MAX_VALUE - 5, 0, 0, 0, 1);
    assertBalance(book.fees(), 0, 0, 0, 0, 0);

    post("up-to-max", book.cash(), book.fees(), Money.ofMinor(5, USD));
    assertBalance(book.cash(), Long.MAX_VALUE, 0, 0, 0, 2);
  }

  @Test
  void overLongTextIsRejected() {
    Book book = openBook();
    String code = "1".repeat(65);
    String key = "k".repeat(129);
    String description = "d".repeat(501);
    assertRejected(InvalidRequestException.class, "account.code", code.substring(0, 37),
        () -> ledger.openAccount(NewAccount.builder().code(code).name("Too long")
            .type(AccountType.ASSET).currency(USD).build()));
    assertRejected(InvalidRequestException.class, "idempotencyKey", key.substring(0, 37),
        () -> ledger.post(transfer(key, book.cash(), book.capital(), usd("1.00"))));
    assertRejected(InvalidRequestException.class, "description", description.substring(0, 37),
        () -> ledger.post(PostingRequest.builder().idempotencyKey("long-description").description(description)
            .debit(book.cash().id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build()));
    Transaction fee = post("fee", book.cash(), book.fees(), usd("1.00"));
    assertRejected(InvalidRequestException.class, "idempotencyKey", key.substring(0, 37),
        () -> ledger.reverse(fee.id(), key, "Refund"));
    assertRejected(InvalidRequestException.class, "description", description.substring(0, 37),
        () -> ledger.reverse(fee.id(), "refund", description));
    assertRejected(InvalidRequestException.class, "idempotencyKey", key.substring(0, 37),
        () -> ledger.transactionByKey(key));
    assertNothingBookedUnder("long-description", "refund");
  }

  @Test
  void textAtTheLengthLimitsIsAccepted() {
    Book book = openBook();
    Account account = openAccount("9".repeat(64), AccountType.ASSET, USD);
    Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("k".repeat(128)).description("d".repeat(500))
        .debit(account.id(), usd("1.00")).credit(book.capital().id(), usd("1.00")).build());

    assertThat(ledger.accountByCode("9".repeat(64))).contains(account);
    assertThat(ledger.transactionByKey("k".repeat(128))).contains(t);
    assertThat(t.description()).hasSize(500);
  }

  @Test
  void badAccountDefinitionsAreRejected() {
    openBook();
    assertRejected(InvalidRequestException.class, "account.code", "10 00",
        () -> ledger.openAccount(NewAccount.builder().code("10 00").name("Spaced")
            .type(AccountType.ASSET).currency(USD).build()));
    assertRejected(InvalidRequestException.class, "account.creditsMustNotExceedDebits", "true",
        () -> ledger.openAccount(NewAccount.builder().code("1300").name("Both flags")
            .type(AccountType.ASSET).currency(USD).debitsMustNotExceedCredits(true)
            .creditsMustNotExceedDebits(true).build()));
    assertRejected(InvalidRequestException.class, "account.type", "null",
        () -> ledger.openAccount(NewAccount.builder().code("1300").name("No type").currency(USD).build()));
    assertThat(ledger.accountByCode("1300")).isEmpty();
  }

  @Test
  void anEmptyBatchIsRejected() {
    openBook();
    assertRejected(InvalidRequestException.class, "requests", "[]", () -> ledger.postAll(List.of()));
  }

  @Test
  void aBatchRepeatingAKeyIsRejected() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "requests[2].idempotencyKey", "dup",
        () -> ledger.postAll(List.of(
            transfer("dup", book.cash(), book.capital(), usd("1.00")),
            transfer("other", book.cash(), book.capital(), usd("2.00")),
            transfer("dup", book.cash(), book.capital(), usd("3.00")))));
    assertNothingBookedUnder("dup", "other");
  }

  @Test
  void aStatementWindowThatDoesNotMoveForwardIsRejected() {
    Book book = openBook();
    assertRejected(InvalidRequestException.class, "to", START.toString(),
        () -> ledger.statement(book.cash().id(), START, START, PageRequest.first(10)));
    Instant earlier = START.minusSeconds(60);
    assertRejected(InvalidRequestException.class, "to", earlier.toString(),
        () -> ledger.statement(book.cash().id(), START, earlier, PageRequest.first(10)));
  }
}
