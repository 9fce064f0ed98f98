package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import io.github.corebanking.ledger.UnbalancedTransactionException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rule 1: at least two entries, every amount positive, debits equal credits per currency. */
abstract class PostingRulesContract extends ContractSupport {

  PostingRulesContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void aBalancedTransactionIsPostedAndMovesBothAccounts() {
    Book book = openBook();
    Instant now = tick();
    Transaction t = post("capital-1", book.cash(), book.capital(), usd("1000.00"));

    assertThat(t.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(t.replayed()).isFalse();
    assertThat(t.idempotencyKey()).isEqualTo("capital-1");
    assertThat(t.postedAt()).isEqualTo(now);
    assertThat(t.entries()).hasSize(2);
    Entry debit = t.entries().get(0);
    Entry credit = t.entries().get(1);
    assertThat(debit.accountId()).isEqualTo(book.cash().id());
    assertThat(debit.side()).isEqualTo(Side.DEBIT);
    assertThat(debit.amount()).isEqualTo(usd("1000.00"));
    assertThat(debit.balanceAfter()).isEqualTo(usd("1000.00"));
    assertThat(debit.accountVersion()).isEqualTo(1);
    assertThat(debit.pending()).isFalse();
    assertThat(debit.transactionId()).isEqualTo(t.id());
    assertThat(credit.accountId()).isEqualTo(book.capital().id());
    assertThat(credit.side()).isEqualTo(Side.CREDIT);
    assertThat(credit.balanceAfter()).isEqualTo(usd("1000.00"));
    assertThat(t.entries()).extracting(Entry::ordinal).containsExactly(0, 1);
    assertBalance(book.cash(), 100_000, 0, 0, 0, 1);
    assertBalance(book.capital(), 0, 100_000, 0, 0, 1);
    assertThat(ledger.balance(book.cash().id()).posted()).isEqualTo(usd("1000.00"));
    assertThat(ledger.balance(book.capital().id()).posted()).isEqualTo(usd("1000.00"));
  }

  @Test
  void aTransactionWithOneEntryIsRejected() {
    Book book = openBook();
    assertRejected(UnbalancedTransactionException.class, "entries", "1 entries",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("one-line")
            .debit(book.cash().id(), usd("10.00")).build()));
    assertNothingBookedUnder("one-line");
  }

  @Test
  void aTransactionWithNoEntriesIsRejected() {
    openBook();
    assertRejected(UnbalancedTransactionException.class, "entries", "0 entries",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("no-lines").build()));
  }

  @Test
  void aZeroAmountIsRejected() {
    Book book = openBook();
    assertRejected(InvalidAmountException.class, "entry.amount", "0.00 USD",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("zero")
            .debit(book.cash().id(), usd("0.00"))
            .credit(book.capital().id(), usd("0.00")).build()));
    assertNothingBookedUnder("zero");
  }

  @Test
  void aNegativeAmountIsRejected() {
    Book book = openBook();
    assertRejected(InvalidAmountException.class, "entry.amount", "-5.00 USD",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("negative")
            .debit(book.cash().id(), usd("-5.00"))
            .credit(book.capital().id(), usd("-5.00")).build()));
    assertNothingBookedUnder("negative");
  }

  @Test
  void anUnbalancedTransactionIsRejected() {
    Book book = openBook();
    LedgerException e = assertRejected(UnbalancedTransactionException.class, "entries", "USD",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("unbalanced")
            .debit(book.cash().id(), usd("100.00"))
            .credit(book.capital().id(), usd("90.00")).build()));
    assertThat(e.getMessage()).contains("100.00").contains("90.00");
    assertNothingBookedUnder("unbalanced");
  }

  @Test
  void aMultiCurrencyTransactionBalancedPerCurrencyIsAccepted() {
    Book book = openBook();
    Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("fx-capital")
        .debit(book.cash().id(), usd("100.00"))
        .credit(book.capital().id(), usd("100.00"))
        .debit(book.eurCash().id(), eur("80.00"))
        .credit(book.eurCapital().id(), eur("80.00"))
        .build());

    assertThat(t.entries()).hasSize(4);
    assertBalance(book.cash(), 10_000, 0, 0, 0, 1);
    assertBalance(book.capital(), 0, 10_000, 0, 0, 1);
    assertBalance(book.eurCash(), 8_000, 0, 0, 0, 1);
    assertBalance(book.eurCapital(), 0, 8_000, 0, 0, 1);
    assertThat(ledger.checkIntegrity().ok()).isTrue();
  }

  @Test
  void aMultiCurrencyTransactionUnbalancedInOneCurrencyIsRejected() {
    Book book = openBook();
    LedgerException e = assertRejected(UnbalancedTransactionException.class, "entries", "EUR",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("fx-unbalanced")
            .debit(book.cash().id(), usd("100.00"))
            .credit(book.capital().id(), usd("100.00"))
            .debit(book.eurCash().id(), eur("80.00"))
            .credit(book.eurCapital().id(), eur("79.99"))
            .build()));
    assertThat(e.getMessage()).contains("80.00").contains("79.99");
    assertNothingBookedUnder("fx-unbalanced");
  }

  @Test
  void aTransactionBalancedOnlyAcrossCurrenciesIsRejected() {
    Book book = openBook();
    assertRejected(UnbalancedTransactionException.class, "entries", "EUR",
        () -> ledger.post(PostingRequest.builder().idempotencyKey("cross-currency")
            .debit(book.cash().id(), usd("50.00"))
            .credit(book.eurCapital().id(), eur("50.00"))
            .build()));
  }

  @Test
  void severalEntriesOnOneAccountAreSummedAndBumpItsVersionOnce() {
    Book book = openBook();
    Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("split")
        .debit(book.cash().id(), usd("30.00"))
        .debit(book.cash().id(), usd("20.00"))
        .credit(book.capital().id(), usd("50.00"))
        .build());

    assertThat(t.entries()).extracting(Entry::balanceAfter)
        .containsExactly(usd("30.00"), usd("50.00"), usd("50.00"));
    assertThat(t.entries()).extracting(Entry::accountVersion).containsExactly(1L, 1L, 1L);
    assertBalance(book.cash(), 5_000, 0, 0, 0, 1);
    assertBalance(book.capital(), 0, 5_000, 0, 0, 1);
  }

  @Test
  void eachPostingBumpsEveryTouchedAccountVersionByOne() {
    Book book = openBook();
    post("v-1", book.cash(), book.capital(), usd("10.00"));
    post("v-2", book.cash(), book.capital(), usd("10.00"));
    post("v-3", book.salaries(), book.cash(), usd("5.00"));

    assertThat(ledger.balance(book.cash().id()).version()).isEqualTo(3);
    assertThat(ledger.balance(book.capital().id()).version()).isEqualTo(2);
    assertThat(ledger.balance(book.salaries().id()).version()).isEqualTo(1);
    assertThat(ledger.balance(book.fees().id()).version()).isZero();
  }
}
