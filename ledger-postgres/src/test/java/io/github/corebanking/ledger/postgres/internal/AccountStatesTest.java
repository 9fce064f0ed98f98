package io.github.corebanking.ledger.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountStatus;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.Side;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountStatesTest {

  private static Account account(int n) {
    return new Account(AccountId.of(new UUID(0, n)), "A" + n, "Account " + n, AccountType.ASSET, CurrencyUnit.USD,
        AccountStatus.OPEN, false, false, Map.of(), Instant.EPOCH);
  }

  private static AccountStates.State state(Account a, long debits, long version) {
    return new AccountStates.State(a, new Balance(a.id(), CurrencyUnit.USD, Side.DEBIT, debits, 0, 0, 0, version), null);
  }

  @Test
  void allIsNullUnlessEveryAccountIsKnown() {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    Account b = account(2);
    states.put(List.of(state(a, 5, 1)));

    assertThat(states.all(List.of(a.id(), b.id()))).isNull();
    assertThat(states.all(List.of(a.id()))).containsOnlyKeys(a.id());
  }

  @Test
  void anOlderVersionNeverReplacesANewerOneButAnEqualVersionDoes() {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    states.put(List.of(state(a, 50, 5)));
    states.put(List.of(state(a, 40, 4)));
    assertThat(states.all(List.of(a.id())).get(a.id()).balance().postedDebits()).isEqualTo(50);

    states.put(List.of(state(a, 70, 5)));
    assertThat(states.all(List.of(a.id())).get(a.id()).balance().postedDebits())
        .as("read again under a lock after a counter rebuild").isEqualTo(70);
  }

  @Test
  void theLeastRecentlyUsedAccountIsDroppedBeyondCapacity() {
    AccountStates states = new AccountStates(2);
    Account a = account(1);
    Account b = account(2);
    Account c = account(3);
    states.put(List.of(state(a, 1, 1), state(b, 1, 1)));
    states.all(List.of(a.id()));
    states.put(List.of(state(c, 1, 1)));

    assertThat(states.size()).isEqualTo(2);
    assertThat(states.all(List.of(b.id()))).isNull();
    assertThat(states.all(List.of(a.id(), c.id()))).containsOnlyKeys(a.id(), c.id());
  }

  @Test
  void forgottenAccountsAreUnknown() {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    states.put(List.of(state(a, 1, 1)));
    states.forget(List.of(a.id()));
    assertThat(states.all(List.of(a.id()))).isNull();
  }

  @Test
  void zeroCapacityRemembersNothing() {
    AccountStates states = new AccountStates(0);
    Account a = account(1);
    states.put(List.of(state(a, 1, 1)));
    assertThat(states.size()).isZero();
    assertThat(states.all(List.of())).isNull();
  }

  @Test
  void mostlyStalePlansPauseAndThenResumePlanningFromStates() {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    states.put(List.of(state(a, 1, 1)));
    for (int i = 0; i < AccountStates.WINDOW; i++) {
      states.checkedBatch(i % 2 == 0);
    }
    for (int i = 0; i < AccountStates.PAUSE; i++) {
      assertThat(states.all(List.of(a.id()))).as("paused, batch " + i).isNull();
    }
    assertThat(states.all(List.of(a.id()))).as("planning from states again").containsOnlyKeys(a.id());
    assertThat(states.checkedBatches()).isEqualTo(AccountStates.WINDOW);
    assertThat(states.staleBatches()).isEqualTo(AccountStates.WINDOW / 2);
  }

  @Test
  void occasionalStalePlansDoNotPause() {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    states.put(List.of(state(a, 1, 1)));
    for (int i = 0; i < AccountStates.WINDOW; i++) {
      states.checkedBatch(i % 8 == 0);
    }
    assertThat(states.all(List.of(a.id()))).as("one stale batch in eight does not pause").containsOnlyKeys(a.id());
  }

  @Test
  void aBatchOnAnAccountInFlightWaitsUntilTheOtherExits() throws Exception {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    Account b = account(2);
    Object first = new Object();
    states.enter(first, List.of(a.id()));

    Object onB = new Object();
    states.enter(onB, List.of(b.id()));
    // Only a batch that got through without giving up holds its accounts.
    assertThat(states.holds(b.id(), onB)).as("other accounts are not held up").isTrue();
    java.util.concurrent.CompletableFuture<Void> second =
        java.util.concurrent.CompletableFuture.runAsync(() -> states.enter(new Object(), List.of(a.id(), account(3).id())));
    Thread.sleep(10);
    assertThat(second).isNotDone();
    states.exit(first, List.of(a.id()));
    second.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void waitingForAnAccountInFlightEndsAfterAWhile() {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    states.enter(new Object(), List.of(a.id()));

    Object late = new Object();
    long start = System.nanoTime();
    states.enter(late, List.of(a.id()));
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(AccountStates.WAIT_NANOS);
    assertThat(states.holds(a.id(), late)).as("a batch that gave up waiting holds nothing").isFalse();
  }

  @Test
  void exitingWithAnotherBatchsTokenReleasesNothing() throws Exception {
    AccountStates states = new AccountStates(10);
    Account a = account(1);
    Object owner = new Object();
    states.enter(owner, List.of(a.id()));
    states.exit(new Object(), List.of(a.id()));

    java.util.concurrent.CompletableFuture<Void> waiting =
        java.util.concurrent.CompletableFuture.runAsync(() -> states.enter(new Object(), List.of(a.id())));
    Thread.sleep(10);
    assertThat(waiting).isNotDone();
    states.exit(owner, List.of(a.id()));
    waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
