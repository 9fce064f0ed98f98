package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.CurrencyMismatchException;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.NewAccount;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rule 2: every account exists, is OPEN and has the entry's currency; the account lifecycle. */
abstract class AccountsContract extends ContractSupport {

  AccountsContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void anOpenedAccountIsOpenWithAZeroBalanceAndReadsBack() {
    Account account = ledger.openAccount(NewAccount.builder().code("2200").name("Savings")
        .type(AccountType.LIABILITY).currency(USD).debitsMustNotExceedCredits(true)
        .metadata("branch", "north").build());

    assertThat(account.status()).isEqualTo(AccountStatus.OPEN);
    assertThat(account.createdAt()).isEqualTo(START);
    assertThat(account.metadata()).containsExactly(Map.entry("branch", "north"));
    assertThat(account.debitsMustNotExceedCredits()).isTrue();
    assertThat(account.creditsMustNotExceedDebits()).isFalse();
    assertThat(ledger.account(account.id())).isEqualTo(account);
    assertThat(ledger.accountByCode("2200")).contains(account);
    assertThat(ledger.accountByCode("9999")).isEmpty();
    assertBalance(account, 0, 0, 0, 0, 0);
    assertThat(ledger.balance(account.id()).available()).isEqualTo(usd("0.00"));
  }

  @Test
  void accountsAreListedByCode() {
    Account b = openAccount("2000", AccountType.LIABILITY, USD);
    Account c = openAccount("3000", AccountType.EQUITY, USD);
    Account a = openAccount("1000", AccountType.ASSET, USD);

    assertThat(ledger.accounts()).containsExactly(a, b, c);
  }

  @Test
  void anAccountOpenedWithItsOwnIdKeepsIt() {
    AccountId id = AccountId.of(UUID.fromString("7b1f3a7e-0000-4000-8000-000000000001"));
    Account account = ledger.openAccount(NewAccount.builder().id(id).code("1200").name("Loans")
        .type(AccountType.ASSET).currency(USD).build());

    assertThat(account.id()).isEqualTo(id);
    assertThat(ledger.account(id).code()).isEqualTo("1200");
  }

  @Test
  void aDuplicateAccountCodeIsRejected() {
    Book book = openBook();
    assertRejected(DuplicateAccountException.class, "account.code", "1000",
        () -> ledger.openAccount(NewAccount.builder().code(book.cash().code()).name("Other cash")
            .type(AccountType.ASSET).currency(USD).build()));
    assertThat(ledger.accountByCode("1000")).contains(book.cash());
  }

  @Test
  void aDuplicateAccountIdIsRejected() {
    Book book = openBook();
    assertRejected(DuplicateAccountException.class, "account.id", book.cash().id().toString(),
        () -> ledger.openAccount(NewAccount.builder().id(book.cash().id()).code("1999").name("Clash")
            .type(AccountType.ASSET).currency(USD).build()));
    assertThat(ledger.accountByCode("1999")).isEmpty();
  }

  @Test
  void postingToAnUnknownAccountIsRejected() {
    Book book = openBook();
    AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-00000000dead"));
    assertRejected(AccountNotFoundException.class, "entries[1].accountId", unknown.toString(),
        () -> ledger.post(transfer("to-nowhere", book.cash(), unknown, usd("10.00"))));
    assertNothingBookedUnder("to-nowhere");
  }

  @Test
  void postingToAFrozenAccountIsRejected() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    Account frozen = ledger.freezeAccount(book.deposit().id());
    assertThat(frozen.status()).isEqualTo(AccountStatus.FROZEN);
    assertThat(ledger.account(book.deposit().id()).status()).isEqualTo(AccountStatus.FROZEN);

    assertRejected(AccountStateException.class, "entries[0].accountId", book.deposit().id().toString(),
        () -> ledger.post(transfer("from-frozen", book.deposit(), book.cash(), usd("10.00"))));
    assertRejected(AccountStateException.class, "entries[1].accountId", book.deposit().id().toString(),
        () -> ledger.post(transfer("to-frozen", book.cash(), book.deposit(), usd("10.00"))));
    assertNothingBookedUnder("from-frozen", "to-frozen");
  }

  @Test
  void anUnfrozenAccountAcceptsPostingsAgain() {
    Book book = openBook();
    ledger.freezeAccount(book.deposit().id());
    Account reopened = ledger.unfreezeAccount(book.deposit().id());

    assertThat(reopened.status()).isEqualTo(AccountStatus.OPEN);
    post("after-unfreeze", book.cash(), book.deposit(), usd("10.00"));
    assertThat(ledger.balance(book.deposit().id()).posted()).isEqualTo(usd("10.00"));
  }

  @Test
  void postingToAClosedAccountIsRejected() {
    Book book = openBook();
    Account closed = ledger.closeAccount(book.fees().id());
    assertThat(closed.status()).isEqualTo(AccountStatus.CLOSED);
    assertThat(ledger.account(book.fees().id()).status()).isEqualTo(AccountStatus.CLOSED);

    assertRejected(AccountStateException.class, "entries[1].accountId", book.fees().id().toString(),
        () -> ledger.post(transfer("to-closed", book.cash(), book.fees(), usd("1.00"))));
    assertNothingBookedUnder("to-closed");
  }

  @Test
  void postingInAnotherCurrencyThanTheAccountsIsRejected() {
    Book book = openBook();
    LedgerException e = assertRejected(CurrencyMismatchException.class, "entries[0].amount", "10.00 EUR",
        () -> ledger.post(transfer("wrong-currency", book.cash(), book.eurCapital(), eur("10.00"))));
    assertThat(e.getMessage()).contains(book.cash().code());
    assertNothingBookedUnder("wrong-currency");
  }

  @Test
  void closingAnAccountWithAPostedBalanceIsRejected() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    assertRejected(AccountStateException.class, "accountId", book.deposit().id().toString(),
        () -> ledger.closeAccount(book.deposit().id()));
    assertThat(ledger.account(book.deposit().id()).status()).isEqualTo(AccountStatus.OPEN);
  }

  @Test
  void closingAnAccountWithOnlyPendingAmountsIsRejected() {
    Book book = openBook();
    hold("pending-inflow", book.cash(), book.settlement(), usd("25.00"), null);
    assertRejected(AccountStateException.class, "accountId", book.settlement().id().toString(),
        () -> ledger.closeAccount(book.settlement().id()));
    assertThat(ledger.account(book.settlement().id()).status()).isEqualTo(AccountStatus.OPEN);
  }

  @Test
  void anAccountWhoseBalanceReturnedToZeroCanBeClosed() {
    Book book = openBook();
    post("in", book.cash(), book.deposit(), usd("40.00"));
    post("out", book.deposit(), book.cash(), usd("40.00"));

    assertThat(ledger.closeAccount(book.deposit().id()).status()).isEqualTo(AccountStatus.CLOSED);
    assertThat(ledger.account(book.deposit().id()).status()).isEqualTo(AccountStatus.CLOSED);
  }

  @Test
  void aClosedAccountCannotBeReopenedOrFrozen() {
    Book book = openBook();
    ledger.closeAccount(book.fees().id());
    assertRejected(AccountStateException.class, "accountId", book.fees().id().toString(),
        () -> ledger.unfreezeAccount(book.fees().id()));
    assertRejected(AccountStateException.class, "accountId", book.fees().id().toString(),
        () -> ledger.freezeAccount(book.fees().id()));
    assertThat(ledger.account(book.fees().id()).status()).isEqualTo(AccountStatus.CLOSED);
  }

  @Test
  void changingTheStatusOfAnUnknownAccountIsRejected() {
    openBook();
    AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-00000000beef"));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.freezeAccount(unknown));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.closeAccount(unknown));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.account(unknown));
  }
}
