package io.github.corebanking.ledger.postgres;

import static io.github.corebanking.ledger.postgres.PgTestSupport.count;
import static io.github.corebanking.ledger.postgres.PgTestSupport.open;
import static io.github.corebanking.ledger.postgres.PgTestSupport.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountStateException;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.testkit.services.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Batches planned from remembered account states: written in one round trip when the rows are
 * unchanged, planned again from locked rows when another process (here: a second store on the
 * same schema), a job or an operator changed them, and never a wrong balance either way.
 */
class RememberedAccountStatesTest {

  private static HikariDataSource dataSource;
  private String schema;
  private PostgresLedgerStore storeA;
  private PostgresLedgerStore storeB;
  private Ledger ledgerA;
  private Ledger ledgerB;
  private Account cash;
  private Account deposit;

  @BeforeAll
  static void openPool() {
    dataSource = PgTestSupport.pool("remembered", 8);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @BeforeEach
  void twoProcessesOnOneLedger() {
    schema = TestServices.freshSchemaName("remembered");
    PostgresLedgerSchema.migrate(dataSource, schema);
    storeA = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    storeB = PostgresLedgerStore.builder(dataSource).schema(schema).build();
    ledgerA = Ledger.builder().store(storeA).closeStoreOnClose(true).build();
    ledgerB = Ledger.builder().store(storeB).closeStoreOnClose(true).build();
    cash = open(ledgerA, "1000", AccountType.ASSET, false);
    deposit = open(ledgerA, "2000", AccountType.LIABILITY, true);
  }

  @AfterEach
  void drop() {
    ledgerA.close();
    ledgerB.close();
    PgTestSupport.drop(schema);
  }

  private String q(String table) {
    return PostgresLedgerSchema.quotedSchema(schema) + "." + table;
  }

  /** The entry of a transaction on an account. */
  private static Entry entryOn(Transaction t, Account account) {
    return t.entries().stream().filter(e -> e.accountId().equals(account.id())).findFirst().orElseThrow();
  }

  @Test
  void aBatchOnRememberedAccountsIsPlannedWithoutReadingTheRows() {
    ledgerA.post(transfer("t1", cash, deposit, 100));
    PostgresLedgerStore.PlanningStats afterFirst = storeA.planningStats();
    assertThat(afterFirst.fromRows()).as("the first posting reads and locks the rows").isEqualTo(1);
    assertThat(afterFirst.remembered()).isEqualTo(2);

    Transaction second = ledgerA.post(transfer("t2", cash, deposit, 250));

    PostgresLedgerStore.PlanningStats stats = storeA.planningStats();
    assertThat(stats.fromStates()).isEqualTo(afterFirst.fromStates() + 1);
    assertThat(stats.fromRows()).isEqualTo(afterFirst.fromRows());
    assertThat(stats.stale()).isZero();
    assertThat(entryOn(second, deposit).balanceAfter().minorUnits()).isEqualTo(350);
    assertThat(entryOn(second, deposit).accountVersion()).isEqualTo(2);
    assertThat(ledgerA.balance(deposit.id()).posted().minorUnits()).isEqualTo(350);
    assertThat(ledgerA.checkIntegrity().ok()).isTrue();
  }

  @Test
  void postingsByAnotherProcessMakeTheStateStaleAndTheBatchIsPlannedAgainFromTheRows() {
    ledgerA.post(transfer("a1", cash, deposit, 100));
    for (int i = 0; i < 3; i++) {
      ledgerB.post(transfer("b" + i, cash, deposit, 10));
    }

    Transaction t = ledgerA.post(transfer("a2", cash, deposit, 1_000));

    assertThat(storeA.planningStats().stale()).as("the database refused the stale plan").isEqualTo(1);
    assertThat(entryOn(t, deposit).balanceAfter().minorUnits()).isEqualTo(1_130);
    assertThat(entryOn(t, deposit).accountVersion()).isEqualTo(5);
    Balance balance = ledgerB.balance(deposit.id());
    assertThat(balance.posted().minorUnits()).isEqualTo(1_130);
    assertThat(balance.version()).isEqualTo(5);
    assertThat(ledgerA.checkIntegrity().ok()).isTrue();

    Transaction next = ledgerA.post(transfer("a3", cash, deposit, 1));
    assertThat(entryOn(next, deposit).balanceAfter().minorUnits()).isEqualTo(1_131);
    assertThat(storeA.planningStats().stale()).as("the state read again is current").isEqualTo(1);
  }

  @Test
  void countersRewrittenWithoutANewVersionAreCaughtToo() throws Exception {
    ledgerA.post(transfer("a1", cash, deposit, 100));
    // What a counter rebuild does: new counters, same version.
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + q("accounts")
            + " SET posted_credits = posted_credits + 900 WHERE id = ?")) {
      ps.setObject(1, deposit.id().value());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    Transaction t = ledgerA.post(transfer("a2", cash, deposit, 5));

    assertThat(storeA.planningStats().stale()).isEqualTo(1);
    assertThat(entryOn(t, deposit).balanceAfter().minorUnits()).as("built on the rewritten counters").isEqualTo(1_005);
  }

  @Test
  void anAccountFrozenByAnotherProcessRefusesThePosting() {
    ledgerA.post(transfer("a1", cash, deposit, 100));
    ledgerB.freezeAccount(deposit.id());
    long entries = count(dataSource, "SELECT count(*) FROM " + q("entries"));

    assertThatThrownBy(() -> ledgerA.post(transfer("a2", cash, deposit, 5)))
        .isInstanceOf(AccountStateException.class).hasMessageContaining("FROZEN");

    assertThat(count(dataSource, "SELECT count(*) FROM " + q("entries"))).isEqualTo(entries);
    assertThat(ledgerA.balance(deposit.id()).posted().minorUnits()).isEqualTo(100);
  }

  @Test
  void anAccountFrozenThroughTheSameStoreIsForgottenAtOnce() {
    ledgerA.post(transfer("a1", cash, deposit, 100));
    ledgerA.freezeAccount(deposit.id());

    assertThatThrownBy(() -> ledgerA.post(transfer("a2", cash, deposit, 5)))
        .isInstanceOf(AccountStateException.class);
    assertThat(storeA.planningStats().stale()).as("no stale plan was even tried").isZero();
  }

  @Test
  void aKeyStoredByAnotherProcessIsReplayedNotPostedTwice() {
    ledgerA.post(transfer("a1", cash, deposit, 100));
    Transaction byB = ledgerB.post(transfer("shared", cash, deposit, 40));

    Transaction byA = ledgerA.post(transfer("shared", cash, deposit, 40));

    assertThat(byA.replayed()).isTrue();
    assertThat(byA.id()).isEqualTo(byB.id());
    assertThat(ledgerA.balance(deposit.id()).posted().minorUnits()).isEqualTo(140);
    assertThat(count(dataSource, "SELECT count(*) FROM " + q("transactions"))).isEqualTo(2);
  }

  @Test
  @Timeout(120)
  void twoProcessesHammeringTheSameAccountsConserveEveryCent() throws Exception {
    Account other = open(ledgerA, "2001", AccountType.LIABILITY, true);
    ledgerA.post(transfer("fund-d", cash, deposit, 1_000_000));
    ledgerA.post(transfer("fund-o", cash, other, 1_000_000));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        Ledger ledger = w % 2 == 0 ? ledgerA : ledgerB;
        int worker = w;
        work.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            boolean forward = (i + worker) % 2 == 0;
            ledger.post(transfer("w" + worker + "-" + i, forward ? deposit : other, forward ? other : deposit, 7));
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    long d = ledgerA.balance(deposit.id()).posted().minorUnits();
    long o = ledgerA.balance(other.id()).posted().minorUnits();
    assertThat(d + o).isEqualTo(2_000_000);
    assertThat(ledgerA.checkIntegrity().ok()).isTrue();
    assertThat(storeA.planningStats().fromStates() + storeB.planningStats().fromStates())
        .as("some batches were planned from remembered states").isPositive();
  }

  @Test
  void withNoAccountCacheEveryBatchReadsTheRows() {
    try (PostgresLedgerStore store = PostgresLedgerStore.builder(dataSource).schema(schema).accountCacheSize(0)
        .build()) {
      Ledger ledger = Ledger.builder().store(store).build();
      ledger.post(transfer("n1", cash, deposit, 1));
      ledger.post(transfer("n2", cash, deposit, 1));

      assertThat(store.planningStats().fromStates()).isZero();
      assertThat(store.planningStats().fromRows()).isEqualTo(2);
      assertThat(store.planningStats().remembered()).isZero();
    }
  }
}
