package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountNotFoundException;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.Side;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Ledger#balance} and {@link Ledger#balances}. */
abstract class BalancesContract extends ContractSupport {

  BalancesContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void balancesOfSeveralAccountsAreReadTogether() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    hold("auth", book.deposit(), book.settlement(), usd("25.00"), null);

    Map<AccountId, Balance> balances = ledger.balances(List.of(book.cash().id(), book.deposit().id(),
        book.settlement().id(), book.eurCash().id()));

    assertThat(balances).hasSize(4);
    assertThat(balances.get(book.cash().id())).isEqualTo(ledger.balance(book.cash().id()));
    assertThat(balances.get(book.deposit().id()))
        .isEqualTo(new Balance(book.deposit().id(), USD, Side.CREDIT, 0, 10_000, 2_500, 0, 2));
    assertThat(balances.get(book.settlement().id()))
        .isEqualTo(new Balance(book.settlement().id(), USD, Side.CREDIT, 0, 0, 0, 2_500, 1));
    assertThat(balances.get(book.eurCash().id()))
        .isEqualTo(new Balance(book.eurCash().id(), EUR, Side.DEBIT, 0, 0, 0, 0, 0));
    assertThat(ledger.balances(List.of())).isEmpty();
  }

  @Test
  void theBalanceOfAnUnknownAccountIsRejected() {
    Book book = openBook();
    AccountId unknown = AccountId.of(UUID.fromString("00000000-0000-4000-8000-0000000000dd"));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(), () -> ledger.balance(unknown));
    assertRejected(AccountNotFoundException.class, "accountIds", unknown.toString(),
        () -> ledger.balances(List.of(book.cash().id(), unknown)));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.balanceAsOf(unknown, START));
    assertRejected(AccountNotFoundException.class, "accountId", unknown.toString(),
        () -> ledger.statement(unknown, BEGINNING, END, PageRequest.first(10)));
  }
}
