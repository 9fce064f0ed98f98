package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TransactionId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Ledger#checkIntegrity()} over a mixed workload. */
abstract class IntegrityContract extends ContractSupport {

  IntegrityContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void anEmptyLedgerIsIntact() {
    IntegrityReport report = ledger.checkIntegrity();

    assertThat(report.ok()).isTrue();
    assertThat(report.transactionsChecked()).isZero();
    assertThat(report.entriesChecked()).isZero();
  }

  @Test
  void aMixedWorkloadLeavesTheLedgerIntact() {
    Book book = openBook();
    Set<TransactionId> ids = new HashSet<>();
    ids.add(post("capital", book.cash(), book.capital(), usd("1000.00")).id());
    ids.add(post("fund", book.cash(), book.deposit(), usd("300.00")).id());
    tick();
    Transaction full = hold("auth-full", book.deposit(), book.settlement(), usd("40.00"), null);
    Transaction partial = hold("auth-partial", book.deposit(), book.settlement(), usd("50.00"), null);
    Transaction dropped = hold("auth-void", book.deposit(), book.settlement(), usd("60.00"), null);
    ids.addAll(List.of(full.id(), partial.id(), dropped.id()));
    tick();
    ledger.commit(full.id());
    ledger.commit(partial.id(), usd("35.00"));
    ledger.voidPending(dropped.id());
    Transaction fee = post("fee", book.deposit(), book.fees(), usd("2.00"));
    ids.add(fee.id());
    ids.add(ledger.reverse(fee.id()).id());
    ids.add(ledger.post(PostingRequest.builder().idempotencyKey("fx")
        .debit(book.eurCash().id(), eur("10.00")).credit(book.eurCapital().id(), eur("10.00"))
        .debit(book.salaries().id(), usd("3.00")).credit(book.cash().id(), usd("3.00")).build()).id());
    ledger.postAll(List.of(transfer("batch-1", book.cash(), book.capital(), usd("1.00")),
        transfer("batch-2", book.cash(), book.capital(), usd("2.00")))).forEach(t -> ids.add(t.id()));
    assertThat(catchThrowable(() -> ledger.post(transfer("rejected", book.deposit(), book.cash(), usd("9999.00")))))
        .isInstanceOf(BalanceConstraintException.class);
    ledger.post(transfer("capital", book.cash(), book.capital(), usd("1000.00")));
    tick();

    IntegrityReport report = ledger.checkIntegrity();

    assertThat(report.ok()).as("%s", report).isTrue();
    assertThat(report.checkedAt()).isEqualTo(clock.instant());
    assertThat(report.transactionsChecked()).isEqualTo(ids.size());
    long entries = 0;
    for (TransactionId id : ids) {
      entries += ledger.transaction(id).orElseThrow().entries().size();
    }
    assertThat(report.entriesChecked()).isEqualTo(entries);
    assertThat(ledger.trialBalance().balanced()).isTrue();
    for (Account a : ledger.accounts()) {
      List<Entry> statement = fullStatement(a.id(), BEGINNING, END);
      assertRunningBalances(a, Money.zero(a.currency()), statement);
      Money last = statement.isEmpty() ? Money.zero(a.currency()) : statement.get(statement.size() - 1).balanceAfter();
      assertThat(last).as("last running balance of %s", a.code()).isEqualTo(ledger.balance(a.id()).posted());
    }
  }
}
