package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.BalanceConstraintException;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.PostingRequest;
import org.junit.jupiter.api.Test;

/** Rule 3: balance-constraint flags hold after every posting, counting pending amounts. */
abstract class BalanceConstraintsContract extends ContractSupport {

  BalanceConstraintsContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void aNoOverdraftAccountCannotBeDebitedBeyondItsCredits() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));

    LedgerException e = assertRejected(BalanceConstraintException.class, "entries[0].accountId",
        book.deposit().id().toString(),
        () -> ledger.post(transfer("overdraw", book.deposit(), book.cash(), usd("100.01"))));
    assertThat(e.getMessage()).contains(book.deposit().code());
    assertNothingBookedUnder("overdraw");

    post("drain", book.deposit(), book.cash(), usd("100.00"));
    assertBalance(book.deposit(), 10_000, 10_000, 0, 0, 2);
  }

  @Test
  void theConstraintNamesTheFirstEntryOnTheAccount() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("10.00"));
    assertRejected(BalanceConstraintException.class, "entries[1].accountId", book.deposit().id().toString(),
        () -> ledger.post(PostingRequest.builder().idempotencyKey("second-line")
            .credit(book.cash().id(), usd("20.00"))
            .debit(book.deposit().id(), usd("20.00"))
            .build()));
  }

  @Test
  void pendingDebitsCountAgainstTheNoOverdraftLimit() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    hold("card-auth", book.deposit(), book.settlement(), usd("80.00"), null);

    assertRejected(BalanceConstraintException.class, "entries[0].accountId", book.deposit().id().toString(),
        () -> ledger.post(transfer("withdraw", book.deposit(), book.cash(), usd("30.00"))));
    assertRejected(BalanceConstraintException.class, "entries[0].accountId", book.deposit().id().toString(),
        () -> hold("second-auth", book.deposit(), book.settlement(), usd("20.01"), null));

    post("withdraw-less", book.deposit(), book.cash(), usd("20.00"));
    assertBalance(book.deposit(), 2_000, 10_000, 8_000, 0, 3);
    assertThat(ledger.balance(book.deposit().id()).available()).isEqualTo(usd("0.00"));
  }

  @Test
  void pendingCreditsDoNotRaiseTheNoOverdraftLimit() {
    Book book = openBook();
    hold("incoming", book.cash(), book.deposit(), usd("100.00"), null);

    assertRejected(BalanceConstraintException.class, "entries[0].accountId", book.deposit().id().toString(),
        () -> ledger.post(transfer("spend-incoming", book.deposit(), book.cash(), usd("50.00"))));
  }

  @Test
  void aNoNegativeAssetCannotBeCreditedBeyondItsDebits() {
    Book book = openBook();
    Account vault = openAccount("1100", "Vault", AccountType.ASSET, USD, false, true);
    post("stock", vault, book.capital(), usd("50.00"));

    assertRejected(BalanceConstraintException.class, "entries[1].accountId", vault.id().toString(),
        () -> ledger.post(transfer("take-too-much", book.cash(), vault, usd("60.00"))));

    post("take-all", book.cash(), vault, usd("50.00"));
    assertBalance(vault, 5_000, 5_000, 0, 0, 2);
  }

  @Test
  void pendingCreditsCountAgainstTheNoNegativeLimit() {
    Book book = openBook();
    Account vault = openAccount("1100", "Vault", AccountType.ASSET, USD, false, true);
    post("stock", vault, book.capital(), usd("50.00"));
    hold("reserve", book.cash(), vault, usd("40.00"), null);

    assertRejected(BalanceConstraintException.class, "entries[1].accountId", vault.id().toString(),
        () -> ledger.post(transfer("take", book.cash(), vault, usd("20.00"))));
    post("take-rest", book.cash(), vault, usd("10.00"));
    assertBalance(vault, 5_000, 1_000, 0, 4_000, 3);
  }

  @Test
  void accountsWithoutFlagsMayGoNegative() {
    Book book = openBook();
    post("overdraw-cash", book.salaries(), book.cash(), usd("100.00"));

    assertThat(ledger.balance(book.cash().id()).posted()).isEqualTo(usd("-100.00"));
  }
}
