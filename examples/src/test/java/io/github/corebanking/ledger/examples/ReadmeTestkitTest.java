package io.github.corebanking.ledger.examples;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.*;

import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.testkit.BankChart;
import io.github.corebanking.ledger.testkit.MutableClock;
import io.github.corebanking.ledger.testkit.TestLedgers;
import org.junit.jupiter.api.Test;

/** The README's testkit snippet, with its static import, run as written. */
class ReadmeTestkitTest {

  @Test
  void testkitSnippetAssertsOnABankChart() {
    MutableClock clock = MutableClock.at("2026-01-31T10:00:00Z");
    Ledger ledger = TestLedgers.inMemory(clock);
    BankChart chart = BankChart.open(ledger, CurrencyUnit.USD);   // cash 1000, loans 1200, deposits 2100, ...

    BankChart.post(ledger, "disburse-1", chart.loansReceivable(), chart.customerDeposits(),
        Money.of("1000.00", CurrencyUnit.USD));          // or: your own service, posting through the ledger

    assertThat(ledger).isBalanced();
    assertThat(ledger.balance(chart.customerDeposits().id())).hasPosted(Money.of("1000.00", CurrencyUnit.USD));

  }
}
