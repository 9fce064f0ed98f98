package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.TrialBalance;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Ledger#trialBalance(Instant)}: debit and credit columns per account and currency. */
abstract class TrialBalancesContract extends ContractSupport {

  TrialBalancesContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void theTrialBalancePutsEachAccountInItsColumnAndBalances() {
    Book book = openBook();
    Account overdrawnBank = openAccount("1050", "Bank (overdrawn)", AccountType.ASSET, USD, false, false);
    Instant t1 = tick();
    post("capital", book.cash(), book.capital(), usd("1000.00"));
    post("deposit", book.cash(), book.deposit(), usd("500.00"));
    post("fee", book.deposit(), book.fees(), usd("20.00"));
    post("salary", book.salaries(), book.cash(), usd("300.00"));
    post("overdraft", book.cash(), overdrawnBank, usd("40.00"));
    post("eur-capital", book.eurCash(), book.eurCapital(), eur("50.00"));
    hold("held", book.deposit(), book.settlement(), usd("70.00"), null);
    tick();
    post("later", book.cash(), book.capital(), usd("5.00"));

    TrialBalance trial = ledger.trialBalance(t1);

    assertThat(trial.asOf()).isEqualTo(t1);
    assertThat(trial.balanced()).isTrue();
    assertThat(trial.lines()).extracting(TrialBalance.Line::code)
        .containsExactly("1000", "1010", "1050", "2100", "2900", "3000", "3010", "4000", "5000");
    assertLine(trial, book.cash(), usd("1240.00"), usd("0.00"));
    assertLine(trial, book.eurCash(), eur("50.00"), eur("0.00"));
    assertLine(trial, overdrawnBank, usd("0.00"), usd("40.00"));
    assertLine(trial, book.deposit(), usd("0.00"), usd("480.00"));
    assertLine(trial, book.settlement(), usd("0.00"), usd("0.00"));
    assertLine(trial, book.capital(), usd("0.00"), usd("1000.00"));
    assertLine(trial, book.eurCapital(), eur("0.00"), eur("50.00"));
    assertLine(trial, book.fees(), usd("0.00"), usd("20.00"));
    assertLine(trial, book.salaries(), usd("300.00"), usd("0.00"));
    assertThat(trial.totals()).containsExactly(
        new TrialBalance.CurrencyTotal(EUR, eur("50.00"), eur("50.00")),
        new TrialBalance.CurrencyTotal(USD, usd("1540.00"), usd("1540.00")));
    TrialBalance.Line capitalLine = line(trial, book.capital());
    assertThat(capitalLine.name()).isEqualTo(book.capital().name());
    assertThat(capitalLine.type()).isEqualTo(AccountType.EQUITY);

    TrialBalance now = ledger.trialBalance();
    assertThat(now.balanced()).isTrue();
    assertLine(now, book.capital(), usd("0.00"), usd("1005.00"));
    assertThat(ledger.trialBalance(START).totals())
        .containsExactly(new TrialBalance.CurrencyTotal(EUR, eur("0.00"), eur("0.00")),
            new TrialBalance.CurrencyTotal(USD, usd("0.00"), usd("0.00")));
  }
}
