package io.github.corebanking.ledger.examples;

import static io.github.corebanking.ledger.testkit.LedgerAssertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.testkit.InMemoryLedgerStore;
import io.github.corebanking.ledger.testkit.TestLedgers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's quick start and the main example, run as written. */
class ReadmeQuickStartTest {

  @Test
  void quickStartPostsAndBalances() {
    Ledger ledger = Ledger.builder().store(new InMemoryLedgerStore()).build();

    Account cash = ledger.openAccount(NewAccount.builder().code("1000").name("Cash")
        .type(AccountType.ASSET).currency(CurrencyUnit.USD).build());
    Account deposits = ledger.openAccount(NewAccount.builder().code("2100").name("Customer deposits")
        .type(AccountType.LIABILITY).currency(CurrencyUnit.USD).debitsMustNotExceedCredits(true).build());

    ledger.post(PostingRequest.builder().idempotencyKey("deposit-1").description("Cash deposit")
        .debit(cash.id(), Money.of("250.00", CurrencyUnit.USD))
        .credit(deposits.id(), Money.of("250.00", CurrencyUnit.USD))
        .build());

    ledger.balance(deposits.id()).posted();   // 250.00 USD
    ledger.trialBalance().balanced();         // true

    assertThat(ledger.balance(deposits.id()).posted()).isEqualTo(Money.of("250.00", CurrencyUnit.USD));
    assertThat(ledger.trialBalance().balanced()).isTrue();
  }

  @Test
  void loanLifecycleExampleEndsWithBalancedBooks() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean balanced = LoanLifecycle.run(TestLedgers.inMemory(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(balanced).isTrue();
    assertThat(printed).contains("The books balance.").contains("Total USD").contains("replayed=true");
  }
}
