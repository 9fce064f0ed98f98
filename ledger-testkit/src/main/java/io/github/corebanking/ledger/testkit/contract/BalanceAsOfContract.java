package io.github.corebanking.ledger.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Side;
import io.github.corebanking.ledger.Transaction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Ledger#balanceAsOf}: posted entries booked at or before an instant. */
abstract class BalanceAsOfContract extends ContractSupport {

  BalanceAsOfContract(LedgerStoreContract contract) {
    super(contract);
  }

  @Test
  void theBalanceAsOfAnInstantCountsPostedEntriesBookedUpToIt() {
    Book book = openBook();
    Account deposit = book.deposit();
    Instant t1 = tick();
    post("fund", book.cash(), deposit, usd("100.00"));
    Instant t2 = tick();
    post("fee", deposit, book.fees(), usd("2.50"));
    Instant t3 = tick();
    Transaction held = hold("auth", deposit, book.settlement(), usd("30.00"), null);
    Instant t4 = tick();
    ledger.commit(held.id());
    tick();

    assertThat(ledger.balanceAsOf(deposit.id(), START))
        .as("before any entry").isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 0, 0, 0, 0, 0));
    assertThat(ledger.balanceAsOf(deposit.id(), t1.minusSeconds(1)).posted()).isEqualTo(usd("0.00"));
    assertThat(ledger.balanceAsOf(deposit.id(), t1))
        .as("an entry counts at its own instant")
        .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 0, 10_000, 0, 0, 1));
    assertThat(ledger.balanceAsOf(deposit.id(), t1.plusSeconds(30)).posted()).isEqualTo(usd("100.00"));
    assertThat(ledger.balanceAsOf(deposit.id(), t2))
        .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 250, 10_000, 0, 0, 2));
    assertThat(ledger.balanceAsOf(deposit.id(), t3))
        .as("a hold is not counted")
        .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 250, 10_000, 0, 0, 2));
    assertThat(ledger.balanceAsOf(deposit.id(), t4))
        .as("a committed hold counts from its commit")
        .isEqualTo(new Balance(deposit.id(), USD, Side.CREDIT, 3_250, 10_000, 0, 0, 4));
    assertThat(ledger.balanceAsOf(deposit.id(), END).posted()).isEqualTo(ledger.balance(deposit.id()).posted());
    assertThat(ledger.balanceAsOf(book.fees().id(), t2).posted()).isEqualTo(usd("2.50"));
    assertThat(ledger.balanceAsOf(book.settlement().id(), t3).posted()).isEqualTo(usd("0.00"));
  }

  @Test
  void theBalanceAsOfIgnoresHoldsThatAreStillPending() {
    Book book = openBook();
    post("fund", book.cash(), book.deposit(), usd("100.00"));
    tick();
    hold("auth", book.deposit(), book.settlement(), usd("30.00"), null);
    tick();

    Balance now = ledger.balanceAsOf(book.deposit().id(), clock.instant());

    assertThat(now.posted()).isEqualTo(usd("100.00"));
    assertThat(now.pendingDebits()).isZero();
    assertThat(now.pendingCredits()).isZero();
  }
}
