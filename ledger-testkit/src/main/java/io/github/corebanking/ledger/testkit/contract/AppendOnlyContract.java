package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionStatus;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 7: entries and posted transactions never change. */
abstract class AppendOnlyContract extends ContractSupport {

  AppendOnlyContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void theEntriesOfATransactionNeverChangeAfterLaterActivity() {
    Book book = openBook();
    Transaction fund = post("fund", book.cash(), book.deposit(), usd("100.00"));
    List<Entry> firstStatement = fullStatement(book.deposit().id(), BEGINNING, END);
    tick();
    post("fee", book.deposit(), book.fees(), usd("2.00"));
    Transaction held = hold("auth", book.deposit(), book.settlement(), usd("10.00"), null);
    tick();
    ledger.commit(held.id(), usd("8.00"));
    post("salary", book.salaries(), book.deposit(), usd("50.00"));
    tick();
    ledger.reverse(fund.id());
    ledger.freezeAccount(book.fees().id());

    Transaction reread = ledger.transaction(fund.id()).orElseThrow();
    assertThat(reread.entries()).isEqualTo(fund.entries());
    assertThat(reread.status()).isEqualTo(TransactionStatus.POSTED);
    assertThat(reread.postedAt()).isEqualTo(fund.postedAt());
    assertThat(reread.description()).isEqualTo(fund.description());
    List<Entry> laterStatement = fullStatement(book.deposit().id(), BEGINNING, END);
    assertThat(laterStatement).startsWith(firstStatement.toArray(new Entry[0]));
    assertThat(laterStatement).hasSize(6);
  }

  @Test
  void committingAHoldKeepsItsPendingEntries() {
    Book book = openBook();
    Transaction held = hold("auth", book.cash(), book.settlement(), usd("10.00"), null);
    List<Entry> statementWhileHeld = fullStatement(book.settlement().id(), BEGINNING, END);
    tick();

    ledger.commit(held.id());

    Transaction reread = ledger.transaction(held.id()).orElseThrow();
    assertThat(reread.pendingEntries()).isEqualTo(held.entries());
    assertThat(reread.entries().subList(0, 2)).isEqualTo(held.entries());
    assertThat(fullStatement(book.settlement().id(), BEGINNING, END))
        .startsWith(statementWhileHeld.toArray(new Entry[0])).hasSize(2);
  }

  @Test
  void aTransactionReadsBackExactlyAsItWasBooked() {
    Book book = openBook();
    Transaction t = ledger.post(PostingRequest.builder().idempotencyKey("loan-42/disbursement")
        .description("Disburse loan 42").effectiveDate(LocalDate.parse("2026-01-14"))
        .debit(book.cash().id(), usd("1000.00")).credit(book.capital().id(), usd("1000.00"))
        .metadata("loan", "42").metadata("channel", "branch").build());

    assertThat(ledger.transaction(t.id())).contains(t);
    assertThat(ledger.transactionByKey("loan-42/disbursement")).contains(t);
  }
}
