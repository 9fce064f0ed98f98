package io.github.corebanking.ledger.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceMonitor;
import io.github.corebanking.ledger.Category;
import io.github.corebanking.ledger.CategoryBalance;
import io.github.corebanking.ledger.CategoryId;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.MonitorComparison;
import io.github.corebanking.ledger.MonitorMeasure;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.NewCategory;
import io.github.corebanking.ledger.NewMonitor;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.job.BalanceMonitorJob;
import io.github.corebanking.ledger.job.JobResult;
import io.github.corebanking.ledger.job.JobStatus;
import io.github.corebanking.ledger.spi.ForwardingLedgerStore;
import io.github.corebanking.ledger.spi.LedgerStore;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A category monitor's category may be deleted between the evaluator's read of the monitors and its
 * read of the category's balance (its monitor removed first, on another node): the run still
 * succeeds and evaluates the rest.
 */
class CategoryMonitorRaceTest {

  @Test
  void aCategoryDeletedWhileTheJobRunsIsSkippedAndTheRunSucceeds() {
    InMemoryLedgerStore memory = new InMemoryLedgerStore();
    Ledger ledger = Ledger.builder().store(memory).build();
    Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash").type(AccountType.ASSET)
        .currency(CurrencyUnit.USD).build());
    Account capital = ledger.openAccount(NewAccount.builder().code("3000").name("Capital").type(AccountType.EQUITY)
        .currency(CurrencyUnit.USD).build());
    Category funds = ledger.createCategory(NewCategory.of("funds", "Funds", Side.DEBIT));
    ledger.addToCategory(funds.id(), cash.id());
    BalanceMonitor onCategory = ledger.defineMonitor(NewMonitor.builder().name("funds-any").category(funds.id())
        .when(MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, Money.ofMinor(0, CurrencyUnit.USD)).build());
    BalanceMonitor onAccount = ledger.defineMonitor(NewMonitor.builder().name("cash-any").account(cash.id())
        .when(MonitorMeasure.POSTED, MonitorComparison.GREATER_THAN, Money.ofMinor(0, CurrencyUnit.USD)).build());
    ledger.post(PostingRequest.builder().idempotencyKey("in").description("in")
        .debit(cash.id(), Money.ofMinor(500, CurrencyUnit.USD)).credit(capital.id(), Money.ofMinor(500, CurrencyUnit.USD))
        .build());
    LedgerStore racing = new ForwardingLedgerStore() {
      @Override
      protected LedgerStore delegate() {
        return memory;
      }

      @Override
      public CategoryBalance categoryBalance(CategoryId id) {
        // Another node removes the monitor and deletes the category just before this read.
        ledger.removeMonitor(onCategory.id());
        ledger.removeFromCategory(funds.id(), cash.id());
        ledger.deleteCategory(id);
        return memory.categoryBalance(id);
      }
    };

    JobResult result = new BalanceMonitorJob(racing, Clock.systemUTC(), 100, List.of()).run();

    assertThat(result.status()).as("%s", result).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(ledger.monitorAlerts(0, 10).alerts()).extracting(a -> a.monitor().id())
        .containsExactly(onAccount.id());
    assertThat(ledger.categories()).doesNotContain(funds);
  }
}
