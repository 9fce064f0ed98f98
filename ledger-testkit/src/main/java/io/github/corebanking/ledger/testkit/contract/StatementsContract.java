package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Ledger#statement}: keyset pages of an account's entries with running balances. */
abstract class StatementsContract extends ContractSupport {

  StatementsContract(LedgerStoreContract contract) {
    super(contract);
  }

  private Book book;
  private final List<Instant> times = new ArrayList<>();

  /** Books a history on the deposit account: eight entries, one of them a hold. */
  @BeforeEach
  void bookHistory() {
    book = openBook();
    Account deposit = book.deposit();
    times.add(tick());
    post("s1", book.cash(), deposit, usd("100.00"));
    times.add(tick());
    Transaction fee = post("s2", deposit, book.fees(), usd("2.50"));
    times.add(tick());
    ledger.post(PostingRequest.builder().idempotencyKey("s3")
        .debit(book.cash().id(), usd("15.00"))
        .credit(deposit.id(), usd("10.00"))
        .credit(deposit.id(), usd("5.00")).build());
    times.add(tick());
    Transaction held = hold("s4", deposit, book.settlement(), usd("30.00"), null);
    times.add(tick());
    ledger.commit(held.id(), usd("25.00"));
    times.add(tick());
    post("s6", book.cash(), book.capital(), usd("999.00"));
    times.add(tick());
    post("s7", book.salaries(), deposit, usd("40.00"));
    times.add(tick());
    ledger.reverse(fee.id());
    tick();
  }

  @Test
  void aStatementListsTheAccountsEntriesInOrderWithRunningBalances() {
    List<Entry> all = fullStatement(book.deposit().id(), BEGINNING, END);

    assertThat(all).extracting(Entry::accountId).containsOnly(book.deposit().id());
    assertThat(all).extracting(Entry::side).containsExactly(Side.CREDIT, Side.DEBIT, Side.CREDIT, Side.CREDIT,
        Side.DEBIT, Side.DEBIT, Side.CREDIT, Side.CREDIT);
    assertThat(all).extracting(Entry::amount).containsExactly(usd("100.00"), usd("2.50"), usd("10.00"),
        usd("5.00"), usd("30.00"), usd("25.00"), usd("40.00"), usd("2.50"));
    assertThat(all).extracting(Entry::pending).containsExactly(false, false, false, false, true, false, false,
        false);
    assertThat(all).extracting(Entry::balanceAfter).containsExactly(usd("100.00"), usd("97.50"),
        usd("107.50"), usd("112.50"), usd("112.50"), usd("87.50"), usd("127.50"), usd("130.00"));
    assertThat(all).extracting(Entry::accountVersion).containsExactly(1L, 2L, 3L, 3L, 4L, 5L, 6L, 7L);
    assertThat(all).extracting(Entry::postedAt).containsExactly(times.get(0), times.get(1), times.get(2),
        times.get(2), times.get(3), times.get(4), times.get(6), times.get(7));
    assertRunningBalances(book.deposit(), usd("0.00"), all);
    assertThat(all.get(all.size() - 1).balanceAfter()).isEqualTo(ledger.balance(book.deposit().id()).posted());
  }

  @Test
  void pagesOfEverySizeConcatenateToTheWholeStatement() {
    List<Entry> all = fullStatement(book.deposit().id(), BEGINNING, END);
    assertThat(all).hasSize(8);

    for (int size = 1; size <= all.size() + 1; size++) {
      List<StatementPage> pages = allPages(book.deposit().id(), BEGINNING, END, size);
      List<Entry> joined = new ArrayList<>();
      for (int p = 0; p < pages.size(); p++) {
        StatementPage page = pages.get(p);
        assertThat(page.accountId()).isEqualTo(book.deposit().id());
        assertThat(page.entries()).as("page %d of size %d", p, size).hasSizeLessThanOrEqualTo(size);
        if (p < pages.size() - 1) {
          assertThat(page.entries()).as("page %d of size %d is full", p, size).hasSize(size);
        }
        joined.addAll(page.entries());
      }
      assertThat(joined).as("pages of size %d", size).isEqualTo(all);
      assertThat(pages.size()).as("pages of size %d", size).isLessThanOrEqualTo(all.size() / size + 1);
    }
  }

  @Test
  void aStatementKeepsToItsHalfOpenWindow() {
    Instant from = times.get(2);
    Instant to = times.get(6);

    List<Entry> window = fullStatement(book.deposit().id(), from, to);

    assertThat(window).extracting(Entry::amount).containsExactly(usd("10.00"), usd("5.00"), usd("30.00"),
        usd("25.00"));
    assertThat(window).allSatisfy(e -> assertThat(e.postedAt()).isAfterOrEqualTo(from).isBefore(to));
    Money opening = ledger.balanceAsOf(book.deposit().id(), from.minusSeconds(1)).posted();
    assertThat(opening).isEqualTo(usd("97.50"));
    assertRunningBalances(book.deposit(), opening, window);
    List<Entry> paged = new ArrayList<>();
    allPages(book.deposit().id(), from, to, 1).forEach(p -> paged.addAll(p.entries()));
    assertThat(paged).isEqualTo(window);
    assertThat(fullStatement(book.deposit().id(), times.get(7), times.get(7).plusSeconds(1)))
        .extracting(Entry::amount).containsExactly(usd("2.50"));
  }

  @Test
  void aWindowWithoutEntriesIsAnEmptyLastPage() {
    StatementPage page = ledger.statement(book.deposit().id(), BEGINNING, START, PageRequest.first(5));

    assertThat(page.entries()).isEmpty();
    assertThat(page.hasNext()).isFalse();
    assertThat(ledger.statement(book.eurCash().id(), BEGINNING, END, PageRequest.first(5)).entries()).isEmpty();
  }

  @Test
  void aCursorTheStoreDidNotIssueIsRejected() {
    assertRejected(InvalidRequestException.class, "page.cursor", "not-a-cursor",
        () -> ledger.statement(book.deposit().id(), BEGINNING, END, PageRequest.after("not-a-cursor", 3)));
    assertRejected(InvalidRequestException.class, "page.cursor", "%%%",
        () -> ledger.statement(book.deposit().id(), BEGINNING, END, PageRequest.after("%%%", 3)));
  }
}
