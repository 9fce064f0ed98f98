package io.github.corebanking.ledger.testkit;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;
import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThatThrownBy;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.InvalidRequestException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BankChartTest {

  private static final Instant START = Instant.parse("2026-01-31T10:00:00Z");
  private final Ledger ledger = TestLedgers.inMemory(MutableClock.at(START));
  private final BankChart bank = BankChart.open(ledger, CurrencyUnit.USD);

  private Money usd(String amount) {
    return bank.money(amount);
  }

  @Test
  void opensTheTenAccountsWithTheirCodesTypesAndConstraints() {
    assertThat(ledger.accounts()).extracting(Account::code)
        .containsExactly("1000", "1200", "1210", "2100", "2200", "3000", "4000", "4100", "5000", "5100");
    assertThat(bank.accounts()).containsExactlyElementsOf(ledger.accounts());
    assertThat(bank.cash().type()).isEqualTo(AccountType.ASSET);
    assertThat(bank.loansReceivable().type()).isEqualTo(AccountType.ASSET);
    assertThat(bank.interestReceivable().type()).isEqualTo(AccountType.ASSET);
    assertThat(bank.customerDeposits().type()).isEqualTo(AccountType.LIABILITY);
    assertThat(bank.customerDeposits().debitsMustNotExceedCredits()).isTrue();
    assertThat(bank.interestPayable().type()).isEqualTo(AccountType.LIABILITY);
    assertThat(bank.equity().type()).isEqualTo(AccountType.EQUITY);
    assertThat(bank.interestIncome().type()).isEqualTo(AccountType.REVENUE);
    assertThat(bank.feeIncome().type()).isEqualTo(AccountType.REVENUE);
    assertThat(bank.interestExpense().type()).isEqualTo(AccountType.EXPENSE);
    assertThat(bank.loanLossExpense().type()).isEqualTo(AccountType.EXPENSE);
    assertThat(bank.accounts()).filteredOn(a -> a != bank.customerDeposits())
        .allMatch(a -> !a.debitsMustNotExceedCredits() && !a.creditsMustNotExceedDebits());
    assertThat(bank.accounts()).allMatch(a -> a.currency().equals(CurrencyUnit.USD));
  }

  @Test
  void aSecondChartInTheSameLedgerNeedsASuffix() {
    assertThatThrownBy(() -> BankChart.open(ledger, CurrencyUnit.EUR))
        .isInstanceOf(DuplicateAccountException.class).hasMessageContaining("account.code '1000'");
    BankChart eur = BankChart.open(ledger, CurrencyUnit.EUR, "-EUR");
    assertThat(eur.cash().code()).isEqualTo("1000-EUR");
    assertThat(eur.loanLossExpense().code()).isEqualTo("5100-EUR");
    assertThat(eur.money("1.50")).isEqualTo(Money.of("1.50", CurrencyUnit.EUR));
  }

  @Test
  void everydayTransactionsMoveTheRightAccounts() {
    bank.injectCapital(usd("1000.00"), "capital");
    bank.depositCash(usd("200.00"), "deposit");
    bank.disburseLoan(usd("500.00"), "loan");
    bank.repayLoan(usd("100.00"), "repay");
    bank.accrueLoanInterest(usd("12.00"), "loan-interest");
    bank.accrueDepositInterest(usd("3.00"), "deposit-interest");
    bank.chargeFee(usd("5.00"), "fee");
    bank.writeOffLoan(usd("50.00"), "write-off");
    bank.withdrawCash(usd("45.00"), "withdraw");

    assertThat(ledger.balance(bank.cash().id())).hasPosted(usd("1155.00"));
    assertThat(ledger.balance(bank.equity().id())).hasPosted(usd("1000.00"));
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("550.00"));
    assertThat(ledger.balance(bank.loansReceivable().id())).hasPosted(usd("350.00"));
    assertThat(ledger.balance(bank.interestReceivable().id())).hasPosted(usd("12.00"));
    assertThat(ledger.balance(bank.interestIncome().id())).hasPosted(usd("12.00"));
    assertThat(ledger.balance(bank.interestExpense().id())).hasPosted(usd("3.00"));
    assertThat(ledger.balance(bank.interestPayable().id())).hasPosted(usd("3.00"));
    assertThat(ledger.balance(bank.feeIncome().id())).hasPosted(usd("5.00"));
    assertThat(ledger.balance(bank.loanLossExpense().id())).hasPosted(usd("50.00"));
    assertThat(ledger).isBalanced();
  }

  @Test
  void depositsCannotBeOverdrawnEvenByAHold() {
    bank.depositCash(usd("20.00"), "deposit");
    assertThatThrownBy(() -> bank.withdrawCash(usd("20.01"), "too-much"))
        .isInstanceOf(BalanceConstraintException.class).hasMessageContaining("account 2100");
    Transaction hold = bank.holdPayment(usd("15.00"), "card", START.plus(Duration.ofHours(1)));
    assertThat(hold).isPending();
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("20.00")).hasAvailable(usd("5.00"));
    assertThatThrownBy(() -> bank.withdrawCash(usd("6.00"), "after-hold"))
        .isInstanceOf(BalanceConstraintException.class);
  }

  @Test
  void transferLowersTheGiverAndRaisesTheReceiverOnTheirNormalSides() {
    bank.injectCapital(usd("100.00"), "capital");
    Transaction assets = bank.transfer(bank.cash(), bank.loansReceivable(), usd("30.00"), "lend");
    assertThat(assets.entries()).extracting(e -> e.accountId() + " " + e.side())
        .containsExactly(bank.loansReceivable().id() + " " + Side.DEBIT, bank.cash().id() + " " + Side.CREDIT);

    bank.depositCash(usd("50.00"), "deposit");
    Account savings = ledger.openAccount(io.github.corebanking.ledger.NewAccount.builder().code("2110")
        .name("Savings deposits").type(AccountType.LIABILITY).currency(CurrencyUnit.USD).build());
    BankChart.transfer(ledger, bank.customerDeposits(), savings, usd("20.00"), "to-savings");

    assertThat(ledger.balance(bank.cash().id())).hasPosted(usd("120.00"));
    assertThat(ledger.balance(bank.loansReceivable().id())).hasPosted(usd("30.00"));
    assertThat(ledger.balance(bank.customerDeposits().id())).hasPosted(usd("30.00"));
    assertThat(ledger.balance(savings.id())).hasPosted(usd("20.00"));
  }

  @Test
  void transferBetweenAccountsOfOppositeSidesIsRefused() {
    assertThatThrownBy(() -> bank.transfer(bank.cash(), bank.customerDeposits(), usd("1.00"), "odd"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("to '2100' has normal side CREDIT but from (1000) has DEBIT");
    assertThat(ledger).hasNoTransactionWithKey("odd");
  }

  @Test
  void missingArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> BankChart.open(null, CurrencyUnit.USD))
        .isInstanceOf(InvalidRequestException.class).hasMessage("ledger null must not be null");
    assertThatThrownBy(() -> BankChart.open(ledger, null))
        .isInstanceOf(InvalidRequestException.class).hasMessage("currency null must not be null");
    assertThatThrownBy(() -> BankChart.post(ledger, "k", null, bank.cash(), usd("1.00")))
        .isInstanceOf(InvalidRequestException.class).hasMessage("debit null must not be null");
  }
}
